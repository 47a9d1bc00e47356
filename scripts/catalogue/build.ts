import { parseCsvText } from "../../functions/platform/csv";
import type { Periodicity } from "../../shared/periods";
import type { Unit } from "../../shared/units";
import type { ActionSheet, Axis, LocalIndicator, Measure, MeasureOrigin } from "./types";

/**
 * Builders of the seed catalogue from the source data (source/). They ran once to write
 * data/*.ts (see generate.ts); the tests run them again and compare, so the committed data stays
 * reproducible.
 */

// ---------------------------------------------------------------------------------------------
// Measures

export function buildMeasures(csv: string): Measure[] {
  const [header, ...rows] = parseCsvText(csv, ",");
  const expected = ["number", "origin", "measure", "pilot"];
  if (JSON.stringify(header) !== JSON.stringify(expected)) {
    throw new Error(`measures CSV header ${JSON.stringify(header)}, expected ${JSON.stringify(expected)}`);
  }
  return rows.map((row, i) => {
    if (row.length !== 4) throw new Error(`measures CSV line ${i + 2}: ${row.length} fields`);
    const [number, origin, text, pilot] = row as [string, string, string, string];
    if (origin !== "grenelle" && origin !== "merignac")
      throw new Error(`measures CSV line ${i + 2}: origin ${origin}`);
    return {
      number: Number(number),
      origin: origin as MeasureOrigin,
      text: clean(text),
      pilot: clean(pilot)
        .replace(/ Ministère/g, " ; Ministère")
        .replace(/ Secrétariat/g, " ; Secrétariat"),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Text cleaning (the sheets were extracted from a PDF: hyphenated line breaks, bullets)

/** Joins words cut at a line end ("cartogra- phie"), normalises spaces, trims list punctuation. */
export function clean(text: string): string {
  return text
    .replace(/Pas-de-\s+Calais/g, "Pas-de-Calais")
    .replace(/Pas-\s+de-Calais/g, "Pas-de-Calais")
    .replace(/(\p{Ll})-\s+(\p{Ll})/gu, "$1$2")
    .replace(/\s+/g, " ")
    .replace(/\s+,/g, ",")
    .replace(/,(?=\S)/g, ", ")
    .replace(/^[\s·•\-–,;:]+|[\s·•\-–,;:]+$/g, "")
    .trim();
}

/** Splits "X Service pilote : Y" style text into the part before and the labelled part. */
function cut(text: string | null | undefined, label: RegExp): [string | null, string | null] {
  if (!text) return [null, null];
  const m = label.exec(text);
  if (!m) return [clean(text) || null, null];
  return [clean(text.slice(0, m.index)) || null, clean(text.slice(m.index + m[0].length)) || null];
}

// ---------------------------------------------------------------------------------------------
// Action sheets

/** The shape of one sheet in pas-de-calais-action-sheets.json. */
export type SourceSheet = {
  code: string;
  axis: string;
  axis_title: string;
  title: string;
  deadline?: string | null;
  pilot?: string | null;
  partners?: string | null;
  territory?: string | null;
  frequency?: string | null;
  means?: string | null;
  indicators: string;
};

export function buildSheets(
  departmentCode: string,
  source: readonly SourceSheet[],
): { axes: Axis[]; sheets: ActionSheet[] } {
  const axes = new Map<string, Axis>();
  const sheets = source.map((s): ActionSheet => {
    if (!axes.has(s.axis)) axes.set(s.axis, { departmentCode, code: s.axis, title: clean(s.axis_title) });
    // Fields that the PDF extraction glued to their neighbour.
    let [deadline, pilot] = cut(s.deadline, /Service pilote\s*:/);
    pilot = s.pilot ? null : pilot;
    const [pilotText, partnersFromPilot] = cut(s.pilot, /Partenaires associés\s*:/);
    pilot = pilotText ?? pilot;
    let [territory, frequency] = cut(s.territory, /Fréquence d[’']évaluation\s*:/);
    let means: string | null = null;
    if (frequency) [frequency, means] = cut(frequency, /Moyens dédiés\s*:/);
    const [ownFrequency, meansFromFrequency] = cut(s.frequency, /Moyens dédiés\s*:/);
    frequency = ownFrequency ?? frequency;
    means = clean(s.means ?? "") || meansFromFrequency || means;
    const noDot = (t: string | null) => t?.replace(/\.$/, "") || null;
    territory = noDot(territory);
    frequency = noDot(frequency);
    deadline = deadline ?? null;
    return {
      departmentCode,
      code: s.code,
      axis: s.axis,
      title: clean(s.title),
      pilot,
      partners: clean(s.partners ?? "") || partnersFromPilot,
      territory,
      frequency,
      means: means || null,
      deadline,
      indicatorsText: clean(s.indicators),
    };
  });
  return { axes: [...axes.values()], sheets };
}

/** "annuel(le)", "annuellement", "chaque année", "tous les trois ans" → annual; anything else quarterly. */
export function periodicityOf(frequency: string | null): Periodicity {
  if (!frequency) return "quarterly";
  return /annu|chaque année|tous les \S+ ans/i.test(frequency) ? "annual" : "quarterly";
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** Infers a unit from an indicator's wording. */
export function inferUnit(label: string): Unit {
  const f = fold(label);
  if (/^nombres? /.test(f)) return "count";
  if (/^(taux|pourcentage|part) |%/.test(f)) return "percent";
  if (/^(delai|duree)/.test(f) || /\b(delai|duree) moyen/.test(f)) return "days";
  if (/^(montant|cout|budget)|€|\beuros?\b|financements?\b/.test(f)) return "euros";
  if (/^(existence|mise en place|signature|realisation|construction|adoption|installation)\b/.test(f))
    return "yes_no";
  if (/\bnombres? d/.test(f)) return "count";
  return "text";
}

const NUMBER_WORDS = "Nombres?|Pourcentage|Taux|Durée|Délai";

/**
 * Splits a sheet's indicator text into separate indicators: on bullets (· •), line breaks, ";",
 * " – "/" - " dashes, sentence ends, commas outside parentheses, and before a "Nombre …" that
 * starts a new item without punctuation.
 */
export function splitIndicatorText(text: string): string[] {
  const t = text
    .replace(/(\p{Ll})-\s+(\p{Ll})/gu, "$1$2")
    // A capitalised "Nombre/Taux/…" after a word starts a new item ("… intrafamiliale Nombre de …").
    .replace(new RegExp(`(?<=[\\p{L}.)»])\\s+(?=(${NUMBER_WORDS}) )`, "gu"), "\n")
    // A lowercase "nombre d…" after a noun (not after du/le/des/de/un/au) starts one too.
    .replace(/(\p{L}+)\s+(?=nombres? d)/gu, (m, word: string) =>
      /^(du|le|les|des|de|un|au|aux|et|le)$/i.test(word) ? m : `${word}\n`,
    );
  const parts: string[] = [];
  for (const chunk of t.split(/[·•\n;]|\s[–-]\s|^-\s|\.\s+(?=\p{Lu})/u)) {
    parts.push(...splitOutsideParentheses(chunk));
  }
  return parts.map((p) => clean(p).replace(/\.$/, "")).filter((p) => p.length > 2);
}

function splitOutsideParentheses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase("fr") + s.slice(1);

/** Small wording fixes of split labels ("Nombre des", "Nombres de", "Durée de" → mean duration). */
export function tidyLabel(label: string, unit: Unit): string {
  let l = capitalise(label)
    .replace(/^Nombres? des? /, "Nombre de ")
    .replace(/\.e\.s\./g, "·e·s")
    .replace(/^Nombre (?=[aeiouyéèê])/i, "Nombre d’");
  if (unit === "days") l = l.replace(/^Durée (?!moyenne)/, "Durée moyenne ");
  return l;
}

/** An indicator written by hand for a sheet whose text cannot be split into countable items. */
export type OverrideIndicator = {
  label: string;
  unit: Unit;
  periodicity?: Periodicity;
  derived?: string;
  target?: number;
};

export function buildLocalIndicators(
  sheets: readonly ActionSheet[],
  overrides: Readonly<Record<string, readonly OverrideIndicator[]>>,
): LocalIndicator[] {
  const out: LocalIndicator[] = [];
  for (const sheet of sheets) {
    const periodicity = periodicityOf(sheet.frequency);
    const override = overrides[sheet.code];
    const items: (OverrideIndicator & { origin: LocalIndicator["origin"] })[] = override
      ? override.map((o) => ({ ...o, origin: "override" }))
      : splitIndicatorText(sheet.indicatorsText).map((label) => ({
          label: tidyLabel(label, inferUnit(label)),
          unit: inferUnit(label),
          origin: "split",
        }));
    items.forEach((item, i) => {
      out.push({
        code: `${sheet.departmentCode}-${sheet.code}-${i + 1}`,
        departmentCode: sheet.departmentCode,
        sheet: sheet.code,
        label: item.label,
        unit: item.unit,
        periodicity: item.periodicity ?? periodicity,
        derived: item.derived ?? null,
        target: item.target ?? null,
        origin: item.origin,
      });
    });
  }
  return out;
}
