import { describe, expect, it } from "vitest";
import { derived } from "../../functions/derived-providers";
import { UNITS } from "../../shared/units";
import {
  buildLocalIndicators,
  buildMeasures,
  buildSheets,
  clean,
  inferUnit,
  periodicityOf,
  type SourceSheet,
  splitIndicatorText,
} from "./build";
import {
  MEASURES,
  NATIONAL_INDICATORS,
  NATIONAL_ONLY_MEASURES,
  PAS_DE_CALAIS_AXES,
  PAS_DE_CALAIS_INDICATORS,
  PAS_DE_CALAIS_SHEETS,
} from "./index";
import { PAS_DE_CALAIS_OVERRIDES } from "./overrides";
import measuresCsv from "./source/grenelle-measures.csv?raw";
import sheetsJson from "./source/pas-de-calais-action-sheets.json?raw";

const source = JSON.parse(sheetsJson) as SourceSheet[];

describe("measures", () => {
  it("are the 53 measures of the CSV, quoted commas included", () => {
    expect(MEASURES).toHaveLength(53);
    expect(MEASURES.map((m) => m.number)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    expect(MEASURES.filter((m) => m.origin === "merignac").map((m) => m.number)).toEqual([
      48, 49, 50, 51, 52, 53,
    ]);
    expect(MEASURES[0]?.text).toMatch(/\(enseignants, personnels d'éducation, cadres etc\)\.$/);
    expect(MEASURES[8]?.text).toBe(
      'Juger plus vite et efficacement par le déploiement de "filiales d\'urgence"',
    );
    expect(MEASURES[2]?.pilot).toBe(
      "Ministère de l'éducation nationale, de la jeunesse et des sports ; Secrétariat d'Etat chargé de l'enfance et des familles",
    );
  });

  it("committed data equals what the builder makes from the source", () => {
    expect(buildMeasures(measuresCsv)).toEqual(MEASURES);
  });
});

describe("national indicators", () => {
  it("have unique N<measure>-<n> codes numbered from 1 within each measure", () => {
    const codes = NATIONAL_INDICATORS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    const byMeasure = new Map<number, number[]>();
    for (const i of NATIONAL_INDICATORS) {
      expect(i.code).toMatch(/^N\d{1,2}-\d+$/);
      const [m, n] = i.code.slice(1).split("-").map(Number) as [number, number];
      expect(i.measure).toBe(m);
      byMeasure.set(m, [...(byMeasure.get(m) ?? []), n]);
    }
    for (const ns of byMeasure.values()) expect(ns).toEqual(ns.map((_, k) => k + 1));
  });

  it("cover every measure exactly once: with indicators, or national-only with a reason", () => {
    const withIndicators = new Set(NATIONAL_INDICATORS.map((i) => i.measure));
    const nationalOnly = NATIONAL_ONLY_MEASURES.map((m) => m.measure);
    for (const m of nationalOnly) expect(withIndicators.has(m)).toBe(false);
    expect([...withIndicators, ...nationalOnly].sort((a, b) => a - b)).toEqual(MEASURES.map((m) => m.number));
    for (const m of NATIONAL_ONLY_MEASURES) expect(m.reason.length).toBeGreaterThan(10);
  });

  it("include N48-1 Téléphones grave danger attribués", () => {
    expect(NATIONAL_INDICATORS.find((i) => i.code === "N48-1")).toMatchObject({
      label: "Téléphones grave danger attribués",
      unit: "count",
      periodicity: "quarterly",
      measure: 48,
    });
  });

  it("include N53-3, the governance body's meetings of the quarter, computed for every département", () => {
    expect(NATIONAL_INDICATORS.find((i) => i.code === "N53-3")).toMatchObject({
      label: "Réunions de l'instance de gouvernance tenues dans le trimestre",
      unit: "count",
      periodicity: "quarterly",
      derived: "governance.meetings_held",
    });
  });

  it("have a known unit and derived keys that are registered", () => {
    for (const i of NATIONAL_INDICATORS) {
      expect(UNITS).toContain(i.unit);
      if (i.derived) expect(derived.definition(i.derived), i.code).toMatchObject({ unit: i.unit });
    }
    expect(NATIONAL_INDICATORS.filter((i) => i.derived).length).toBeGreaterThanOrEqual(13);
  });
});

describe("Pas-de-Calais action sheets", () => {
  it("has 4 axes and 36 sheets with their fields", () => {
    expect(PAS_DE_CALAIS_AXES.map((a) => a.code)).toEqual(["1", "2", "3", "4"]);
    expect(PAS_DE_CALAIS_SHEETS).toHaveLength(36);
    expect(PAS_DE_CALAIS_SHEETS.find((s) => s.code === "2.5")).toMatchObject({
      axis: "2",
      title: "Les accueils de jour des femmes victimes de violences",
      pilot: "Direction Départementale de la Cohésion Sociale",
      territory: "Départemental",
      frequency: "Annuelle",
    });
  });

  it("recovers fields glued to their neighbour by the PDF extraction", () => {
    const sheet = (code: string) => PAS_DE_CALAIS_SHEETS.find((s) => s.code === code);
    expect(sheet("3.1")?.pilot).toMatch(/^Les quatre procureurs de la République/);
    expect(sheet("3.1")?.deadline).toBe("Dispositif déjà mis en œuvre et sans limitation de durée");
    expect(sheet("2.6")?.pilot).toBe("Direction Départementale de la Cohésion Sociale");
    expect(sheet("3.3")?.frequency).toMatch(/^Annuellement/);
    expect(sheet("3.3")?.means).toMatch(/^Les moyens du SPIP/);
    expect(sheet("3.2")?.frequency).toBe("Annuelle");
    expect(sheet("3.2")?.means).toMatch(/^Moyens du groupement de gendarmerie/);
    expect(sheet("4.6")?.partners).toMatch(/Pas-de-Calais$/);
  });

  it("every sheet has at least one indicator; every indicator a unit and a unique stable code", () => {
    const codes = PAS_DE_CALAIS_INDICATORS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const s of PAS_DE_CALAIS_SHEETS) {
      const own = PAS_DE_CALAIS_INDICATORS.filter((i) => i.sheet === s.code);
      expect(own.length, s.code).toBeGreaterThan(0);
      expect(own.map((i) => i.code)).toEqual(own.map((_, k) => `62-${s.code}-${k + 1}`));
    }
    for (const i of PAS_DE_CALAIS_INDICATORS) {
      expect(UNITS).toContain(i.unit);
      expect(i.label.length).toBeGreaterThan(5);
    }
  });

  it("committed data equals the builder's output, and the builder is deterministic", () => {
    const first = buildSheets("62", source);
    const again = buildSheets("62", source);
    expect(first).toEqual({ axes: PAS_DE_CALAIS_AXES, sheets: PAS_DE_CALAIS_SHEETS });
    const a = buildLocalIndicators(first.sheets, PAS_DE_CALAIS_OVERRIDES);
    const b = buildLocalIndicators(again.sheets, PAS_DE_CALAIS_OVERRIDES);
    expect(a).toEqual(PAS_DE_CALAIS_INDICATORS);
    expect(b.map((i) => i.code)).toEqual(a.map((i) => i.code));
  });

  it("sheet 4.4's figures come from the contracts registry; its content stays typed in", () => {
    const sheet = PAS_DE_CALAIS_INDICATORS.filter((i) => i.sheet === "4.4");
    expect(sheet.map((i) => [i.code, i.derived])).toEqual([
      ["62-4.4-1", "contracts.in_force"],
      ["62-4.4-2", "contracts.partners"],
      ["62-4.4-3", null],
      ["62-4.4-4", "contracts.population_covered"],
      ["62-4.4-5", "contracts.population_share"],
    ]);
  });

  it("sheet 4.10's yearly count of placements comes from the conventions, the year's total in Q4", () => {
    expect(PAS_DE_CALAIS_INDICATORS.filter((i) => i.sheet === "4.10")).toEqual([
      expect.objectContaining({
        code: "62-4.10-1",
        label: "Nombre de stages croisés organisés",
        periodicity: "annual",
        derived: "conventions.placements_completed_year",
      }),
    ]);
  });

  it("local derived keys are registered, with the indicator's unit", () => {
    for (const i of PAS_DE_CALAIS_INDICATORS)
      if (i.derived) expect(derived.definition(i.derived), i.code).toMatchObject({ unit: i.unit });
  });

  it("overrides only sheets that exist", () => {
    const known = new Set(PAS_DE_CALAIS_SHEETS.map((s) => s.code));
    for (const code of Object.keys(PAS_DE_CALAIS_OVERRIDES)) expect(known.has(code), code).toBe(true);
  });
});

describe("splitting heuristics", () => {
  it("splits on commas, bullets, dashes and a new capitalised Nombre", () => {
    expect(
      splitIndicatorText("Nombre de places disponibles Nombre de places utilisées Durée de prise en charge"),
    ).toEqual(["Nombre de places disponibles", "Nombre de places utilisées", "Durée de prise en charge"]);
    expect(
      splitIndicatorText("· Nombre de victimes. · Nombre de fiches; correspondance entre A et B."),
    ).toEqual(["Nombre de victimes", "Nombre de fiches", "correspondance entre A et B"]);
    expect(splitIndicatorText("Taux d’équipement – nombre de demandes non pourvues")).toEqual([
      "Taux d’équipement",
      "nombre de demandes non pourvues",
    ]);
  });

  it("does not split inside parentheses nor after a determiner", () => {
    expect(
      splitIndicatorText("Nombre de jeunes (50% des animateurs, 2 outils), suivi du nombre de relogements"),
    ).toEqual(["Nombre de jeunes (50% des animateurs, 2 outils)", "suivi du nombre de relogements"]);
    expect(splitIndicatorText("nombre des sensibilisations nombre de participants")).toEqual([
      "nombre des sensibilisations",
      "nombre de participants",
    ]);
  });

  it("infers units from words", () => {
    expect(inferUnit("Nombre de plaintes")).toBe("count");
    expect(inferUnit("Pourcentage de femmes ayant repris un emploi")).toBe("percent");
    expect(inferUnit("Taux de réponse")).toBe("percent");
    expect(inferUnit("Délai moyen de traitement")).toBe("days");
    expect(inferUnit("Durée de l’attribution")).toBe("days");
    expect(inferUnit("Montant des subventions")).toBe("euros");
    expect(inferUnit("Coût du dispositif")).toBe("euros");
    expect(inferUnit("Mise en place des groupes")).toBe("yes_no");
    expect(inferUnit("Existence d’un protocole")).toBe("yes_no");
    expect(inferUnit("Contenu des contrats")).toBe("text");
  });

  it("reads periodicity from the frequency text", () => {
    expect(periodicityOf("Annuelle")).toBe("annual");
    expect(periodicityOf("annuel au sein des rapports")).toBe("annual");
    expect(periodicityOf("chaque année")).toBe("annual");
    expect(periodicityOf("tous les trois ans")).toBe("annual");
    expect(periodicityOf("intermédiaires et à la fin du plan")).toBe("quarterly");
    expect(periodicityOf(null)).toBe("quarterly");
  });

  it("joins words cut at line ends", () => {
    expect(clean("diffusion de la cartogra- phie, Pas-de- Calais ")).toBe(
      "diffusion de la cartographie, Pas-de-Calais",
    );
  });
});
