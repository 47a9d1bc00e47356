import { describe, expect, it } from "vitest";
import { parseCsv } from "../../platform/csv";
import {
  type CatalogueItem,
  columnLetter,
  type ExportItem,
  importFieldErrors,
  parseReportRows,
  readRows,
  reportToCsv,
  reportToXlsx,
} from "./report";
import { parseXlsx, writeXlsx } from "./xlsx";

const catalogue: CatalogueItem[] = [
  { code: "N48-1", unit: "count" },
  { code: "N14-1", unit: "percent" },
  { code: "N53-1", unit: "yes_no" },
  { code: "N9-2", unit: "days" },
  { code: "62-2.12-3", unit: "euros" },
  { code: "62-4.4-3", unit: "text" },
  { code: "N7-2", unit: "count", derived: true },
];

const csv = (text: string) => parseCsv(new TextEncoder().encode(text));

describe("parseReportRows", () => {
  it("reads French headers and French-typed values", () => {
    const rows = csv(
      [
        "Indicateur;État;Valeur;Commentaire",
        "N48-1;valeur;1 234;",
        "N14-1;;12,5 %;",
        "N53-1;;oui;Installée en mars",
        "N9-2;non disponible;;Données du tribunal en attente",
        "62-2.12-3;NA;;Pas de financement cette année",
        "62-4.4-3;;Deux contrats signés;",
      ].join("\r\n"),
    );
    const r = parseReportRows(rows, catalogue);
    expect(r).toEqual({
      ok: true,
      skipped: [],
      entries: [
        { line: 2, indicator: "N48-1", state: "value", value: 1234, comment: null },
        { line: 3, indicator: "N14-1", state: "value", value: 12.5, comment: null },
        { line: 4, indicator: "N53-1", state: "value", value: true, comment: "Installée en mars" },
        {
          line: 5,
          indicator: "N9-2",
          state: "not_available",
          value: null,
          comment: "Données du tribunal en attente",
        },
        {
          line: 6,
          indicator: "62-2.12-3",
          state: "not_applicable",
          value: null,
          comment: "Pas de financement cette année",
        },
        { line: 7, indicator: "62-4.4-3", state: "value", value: "Deux contrats signés", comment: null },
      ],
    });
  });

  it("reads English headers in any order, extra columns ignored, state markers in the value column", () => {
    const rows = csv("comment,value,label,indicator\n,ND,Téléphones,n48-1\n,3,,N9-2\n");
    expect(parseReportRows(rows, catalogue)).toMatchObject({
      ok: true,
      entries: [
        { indicator: "N48-1", state: "not_available", value: null },
        { indicator: "N9-2", state: "value", value: 3 },
      ],
    });
  });

  it("reports every error with its line and column, in French, and imports nothing", () => {
    const rows = csv(
      [
        "indicateur;état;valeur;commentaire",
        "N48-1;valeur;12;", // fine
        "N99-1;valeur;3;", // unknown code
        "N14-1;valeur;douze;", // not a number
        "N48-1;valeur;4;", // duplicate of line 2
        "N53-1;peut-être;;", // bad state
        "62-2.12-3;non applicable;;", // comment required
        "N9-2;non disponible;5;", // value with ND
        ";valeur;1;", // no code
        "62-4.4-3;valeur;;", // value missing
      ].join("\n"),
    );
    const r = parseReportRows(rows, catalogue);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([
      "Ligne 3, colonne « indicateur » : « N99-1 » n'est pas un indicateur attendu dans ce rapport.",
      "Ligne 4, colonne « valeur » : « douze » n'est pas un pourcentage entre 0 et 100",
      "Ligne 5, colonne « indicateur » : l'indicateur N48-1 figure déjà ligne 2.",
      "Ligne 6, colonne « état » : « peut-être » n'est pas un état reconnu (valeur, non applicable, non disponible).",
      "Ligne 7, colonne « commentaire » : expliquez en commentaire pourquoi cet indicateur ne s'applique pas.",
      "Ligne 8, colonne « valeur » : la valeur doit être vide quand l'état est « non disponible ».",
      "Ligne 9, colonne « indicateur » : le code de l'indicateur est vide.",
      "Ligne 10, colonne « valeur » : la valeur est vide : saisissez-la, ou indiquez « non applicable » ou « non disponible ».",
    ]);
  });

  it("matches the brief's example for a count", () => {
    const r = parseReportRows(
      csv("indicateur;état;valeur\nN9-2;valeur;1\nN53-1;valeur;oui\nN48-1;valeur;douze\n"),
      catalogue,
    );
    expect(!r.ok && r.errors[0]?.message).toBe(
      "Ligne 4, colonne « valeur » : « douze » n'est pas un nombre entier positif",
    );
  });

  it("names missing columns on line 1", () => {
    const r = parseReportRows(csv("code;commentaire\nN48-1;x\n"), catalogue);
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual([
      "Ligne 1 : colonne « valeur » introuvable (en-têtes attendus : indicateur, état, valeur, commentaire).",
    ]);
    expect(parseReportRows([], catalogue).ok).toBe(false);
  });

  it("skips blank answers and derived indicators instead of erasing or refusing them", () => {
    const r = parseReportRows(
      csv("indicateur;état;valeur\nN48-1;;\nN7-2;valeur;12\n;;\nN9-2;;4\n"),
      catalogue,
    );
    expect(r).toEqual({
      ok: true,
      entries: [{ line: 5, indicator: "N9-2", state: "value", value: 4, comment: null }],
      skipped: [
        { line: 2, indicator: "N48-1", reason: "empty" },
        { line: 3, indicator: "N7-2", reason: "derived" },
      ],
    });
  });

  it("turns errors into problem field errors", () => {
    const r = parseReportRows(csv("indicateur;valeur\nN48-1;x\n"), catalogue);
    expect(!r.ok && importFieldErrors(r.errors)).toEqual([
      {
        in: "file",
        pointer: "/lines/2/valeur",
        detail: "Ligne 2, colonne « valeur » : « x » n'est pas un nombre entier positif",
        code: "invalid_import_line",
      },
    ]);
  });

  it("letters columns like a spreadsheet", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
});

const items: ExportItem[] = [
  {
    indicator: "N48-1",
    label: "Téléphones grave danger attribués",
    unit: "count",
    state: "value",
    value: 1234,
    comment: null,
    previousValue: 1200,
    responsibleOrganisationName: "France Victimes 62",
  },
  {
    indicator: "N14-1",
    label: "Part des plaintes avec grille",
    unit: "percent",
    state: "value",
    value: 12.5,
    comment: "Hausse ; voir note",
    previousValue: null,
  },
  {
    indicator: "N53-1",
    label: "Instance installée",
    unit: "yes_no",
    state: "value",
    value: false,
    comment: null,
  },
  {
    indicator: "N9-2",
    label: "Délai moyen",
    unit: "days",
    state: "not_available",
    value: null,
    comment: "Tribunal",
  },
  {
    indicator: "62-2.12-3",
    label: "Financements mobilisés",
    unit: "euros",
    state: "value",
    value: 1500.25,
    comment: '=HYPERLINK("http://x")',
  },
  {
    indicator: "62-4.4-3",
    label: "Contenu des contrats",
    unit: "text",
    state: "not_applicable",
    value: null,
    comment: "Aucun contrat\nen cours",
  },
  {
    indicator: "N7-2",
    label: "Organisations",
    unit: "count",
    state: "value",
    value: 14,
    comment: null,
    derived: true,
  },
  {
    indicator: "N8-1",
    label: "Professionnels formés",
    unit: "count",
    state: null,
    value: null,
    comment: null,
  },
];

const expectedEntries = items
  .filter((i) => i.state && !i.derived)
  .map(({ indicator, state, value, comment }) => ({ indicator, state, value, comment }));

const withoutLines = (r: ReturnType<typeof parseReportRows>) =>
  r.ok ? r.entries.map(({ line: _line, ...e }) => e) : r.errors.map((e) => e.message);

describe("export then import", () => {
  const full: CatalogueItem[] = [...catalogue, { code: "N8-1", unit: "count" }];

  it("CSV: BOM, ; and French headers, and back to the same entries", () => {
    const bytes = reportToCsv(items);
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe(
      "indicateur;libellé;unité;état;valeur;commentaire;valeur du trimestre précédent;organisation responsable",
    );
    expect(text).toContain(
      "N48-1;Téléphones grave danger attribués;nombre;valeur;1234;;1200;France Victimes 62",
    );
    expect(text).toContain("N8-1;Professionnels formés;nombre;;;;;Préfecture (non attribué)");
    expect(text).toContain("N14-1;Part des plaintes avec grille;pourcentage (0 à 100);valeur;12,5;");
    expect(text).toContain(`'=HYPERLINK`); // formula injection defused
    expect(withoutLines(parseReportRows(parseCsv(bytes), full))).toEqual(expectedEntries);
  });

  it("XLSX: same columns, numbers as numbers, and back to the same entries", () => {
    const bytes = reportToXlsx(items);
    const rows = parseXlsx(bytes);
    expect(rows[0]?.[0]).toBe("indicateur");
    expect(rows[1]?.[4]).toBe("1234");
    expect(rows[0]?.[7]).toBe("organisation responsable");
    expect(rows[1]?.[7]).toBe("France Victimes 62");
    expect(withoutLines(parseReportRows(rows, full))).toEqual(expectedEntries);
  });

  it("importing the exported file twice gives the same entries", () => {
    const bytes = reportToCsv(items);
    const once = readRows(bytes);
    const twice = readRows(bytes);
    expect(once.ok && twice.ok).toBe(true);
    if (!once.ok || !twice.ok) return;
    expect(parseReportRows(twice.rows, full)).toEqual(parseReportRows(once.rows, full));
  });
});

describe("readRows", () => {
  it("recognises XLSX by its signature and CSV otherwise", () => {
    const x = readRows(
      writeXlsx([
        ["indicateur", "valeur"],
        ["N48-1", 3],
      ]),
    );
    expect(x).toEqual({
      ok: true,
      rows: [
        ["indicateur", "valeur"],
        ["N48-1", "3"],
      ],
    });
    expect(readRows(new TextEncoder().encode("indicateur,valeur\nN48-1,3\n"))).toEqual({
      ok: true,
      rows: [
        ["indicateur", "valeur"],
        ["N48-1", "3"],
      ],
    });
  });

  it("answers a French detail for unreadable files", () => {
    expect(readRows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9]))).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/classeur/),
    });
    expect(readRows(new Uint8Array([0x61, 0x00, 0x0a]))).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/pas un fichier texte/),
    });
    // Windows-1252 (French Excel's default CSV) is read, not refused.
    expect(readRows(new Uint8Array([0x61, 0xe9, 0x0a]))).toEqual({ ok: true, rows: [["aé"]] });
  });
});
