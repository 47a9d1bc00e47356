/**
 * Indicator values, typed by unit. Pure functions: the routes validate JSON bodies with
 * `validateEntry`, the importer turns typed-in French text into values with `parseValueText`.
 */

import { UNITS, type Unit } from "./catalogue";

export { UNITS, type Unit };

export const VALUE_STATES = ["value", "not_applicable", "not_available"] as const;
/** `not_applicable`: the indicator does not concern the département this quarter; `not_available`: it does, but the figure is unknown. Both differ from zero. */
export type ValueState = (typeof VALUE_STATES)[number];

export type Value = number | boolean | string;

export const MAX_TEXT = 2000;
export const MAX_COMMENT = 2000;
/** Beyond this a count or an amount is surely a typing error (and loses integer precision). */
const MAX_NUMBER = 1e12;

export const UNIT_LABELS: Record<Unit, string> = {
  count: "nombre",
  percent: "pourcentage (0 à 100)",
  yes_no: "oui / non",
  days: "nombre de jours",
  euros: "montant en euros",
  text: "texte libre",
};

export const STATE_LABELS: Record<ValueState, string> = {
  value: "valeur",
  not_applicable: "non applicable",
  not_available: "non disponible",
};

/** What an entry needs to know about its indicator. */
export type IndicatorUnit = { code: string; unit: Unit };

/** An entry as received (JSON body or import line): nothing trusted yet. */
export type EntryInput = { state?: unknown; value?: unknown; comment?: unknown };

/**
 * A checked entry. `state: null` clears the answer (back to "missing"), allowed from the API so a
 * wrong entry can be erased; the importer never produces it.
 */
export type ValidEntry = { state: ValueState | null; value: Value | null; comment: string | null };

export type EntryError = { pointer: "/state" | "/value" | "/comment"; detail: string; code: string };

export type EntryResult =
  | { ok: true; value: ValidEntry; warnings: EntryError[] }
  | { ok: false; errors: EntryError[] };

const show = (v: unknown) => (typeof v === "string" ? `« ${v} »` : (JSON.stringify(v) ?? String(v)));

/** A figure too large to be a real count or amount (almost always a typing slip). */
const tooLarge = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v > MAX_NUMBER;
const tooLargeDetail = (v: unknown) =>
  `${show(v)} est trop grand : ${MAX_NUMBER.toLocaleString("fr-FR")} au plus.`;

/** Checks a value already typed (JSON) against the unit; returns a French detail when wrong. */
export function checkValue(
  unit: Unit,
  value: unknown,
): { ok: true; value: Value } | { ok: false; detail: string } {
  const isNumber = typeof value === "number" && Number.isFinite(value);
  switch (unit) {
    case "count":
      if (isNumber && Number.isInteger(value) && value >= 0 && value <= MAX_NUMBER)
        return { ok: true, value };
      if (tooLarge(value)) return { ok: false, detail: tooLargeDetail(value) };
      return { ok: false, detail: `${show(value)} n'est pas un nombre entier positif ou nul.` };
    case "percent":
      if (isNumber && value >= 0 && value <= 100) return { ok: true, value };
      return { ok: false, detail: `${show(value)} n'est pas un pourcentage entre 0 et 100.` };
    case "yes_no":
      if (typeof value === "boolean") return { ok: true, value };
      return { ok: false, detail: `${show(value)} n'est pas oui ou non (attendu true ou false).` };
    case "days":
      if (isNumber && value >= 0 && value <= MAX_NUMBER) return { ok: true, value };
      if (tooLarge(value)) return { ok: false, detail: tooLargeDetail(value) };
      return { ok: false, detail: `${show(value)} n'est pas un nombre de jours positif ou nul.` };
    case "euros":
      if (isNumber && value >= 0 && value <= MAX_NUMBER && hasAtMostTwoDecimals(value))
        return { ok: true, value };
      return {
        ok: false,
        detail: `${show(value)} n'est pas un montant en euros positif ou nul avec au plus 2 décimales.`,
      };
    case "text": {
      if (typeof value !== "string" || value.trim() === "") {
        return { ok: false, detail: `${show(value)} n'est pas un texte non vide.` };
      }
      const text = value.trim();
      if (text.length > MAX_TEXT) {
        return { ok: false, detail: `Le texte fait ${text.length} caractères : ${MAX_TEXT} au plus.` };
      }
      return { ok: true, value: text };
    }
  }
}

function hasAtMostTwoDecimals(n: number): boolean {
  // 0.1 + 0.2 style binary noise must not count as a third decimal.
  return Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
}

/**
 * Validates one entry for one indicator.
 * Rules: `value` state needs a value typed by the unit; `not_applicable` and `not_available` need
 * `value: null`; `not_applicable` needs a comment (it removes the indicator from the département's
 * scope, the national level must know why); `not_available` only gets a warning without one.
 * A comment is at most 2000 characters; blank comments become null.
 */
export function validateEntry(indicator: IndicatorUnit, entry: EntryInput): EntryResult {
  const errors: EntryError[] = [];
  const warnings: EntryError[] = [];

  let comment: string | null = null;
  if (entry.comment !== undefined && entry.comment !== null) {
    if (typeof entry.comment !== "string") {
      errors.push({
        pointer: "/comment",
        code: "invalid_comment",
        detail: "Le commentaire doit être un texte.",
      });
    } else if (entry.comment.trim().length > MAX_COMMENT) {
      errors.push({
        pointer: "/comment",
        code: "comment_too_long",
        detail: `Le commentaire fait ${entry.comment.trim().length} caractères : ${MAX_COMMENT} au plus.`,
      });
    } else {
      comment = entry.comment.trim() || null;
    }
  }

  const rawState =
    entry.state === undefined
      ? entry.value === undefined || entry.value === null
        ? null
        : "value"
      : entry.state;
  if (rawState !== null && !(VALUE_STATES as readonly unknown[]).includes(rawState)) {
    errors.push({
      pointer: "/state",
      code: "invalid_state",
      detail: `État ${show(rawState)} inconnu : attendu value, not_applicable ou not_available.`,
    });
    return { ok: false, errors };
  }
  const state = rawState as ValueState | null;
  const value = entry.value === undefined ? null : entry.value;

  let checked: Value | null = null;
  if (state === "value") {
    if (value === null) {
      errors.push({
        pointer: "/value",
        code: "value_required",
        detail: "Une valeur est requise ; sinon choisissez « non applicable » ou « non disponible ».",
      });
    } else {
      const r = checkValue(indicator.unit, value);
      if (r.ok) checked = r.value;
      else errors.push({ pointer: "/value", code: `invalid_${indicator.unit}`, detail: r.detail });
    }
  } else if (value !== null) {
    const what = state === null ? "Pour effacer une réponse" : `Avec l'état « ${STATE_LABELS[state]} »`;
    errors.push({
      pointer: "/value",
      code: "value_must_be_null",
      detail: `${what}, la valeur doit être vide.`,
    });
  }

  if (state === "not_applicable" && comment === null && !errors.some((e) => e.pointer === "/comment")) {
    errors.push({
      pointer: "/comment",
      code: "comment_required",
      detail: "Expliquez en commentaire pourquoi cet indicateur ne s'applique pas.",
    });
  }
  if (state === "not_available" && comment === null) {
    warnings.push({
      pointer: "/comment",
      code: "comment_recommended",
      detail: "Un commentaire est recommandé : pourquoi la donnée n'est-elle pas disponible ?",
    });
  }

  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { state, value: checked, comment }, warnings };
}

// ---------------------------------------------------------------------------------------------
// Typed-in French text (CSV / XLSX cells)

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s._/-]+/g, " ")
    .trim();

const NOT_APPLICABLE = new Set(["na", "n a", "non applicable", "not applicable", "sans objet", "so", "s o"]);
const NOT_AVAILABLE = new Set([
  "nd",
  "n d",
  "non disponible",
  "not available",
  "inconnu",
  "ne sait pas",
  "nsp",
]);
const VALUE = new Set(["valeur", "value", "renseigne", "v"]);
const YES = new Set(["oui", "o", "yes", "y", "vrai", "true", "1", "x"]);
const NO = new Set(["non", "n", "no", "faux", "false", "0"]);

/** Reads a state cell: "valeur", "NA", "non applicable", "ND", "non disponible"… Blank → null. */
export function parseStateText(text: string): ValueState | null | undefined {
  const f = fold(text);
  if (f === "") return null;
  if (VALUE.has(f)) return "value";
  if (NOT_APPLICABLE.has(f)) return "not_applicable";
  if (NOT_AVAILABLE.has(f)) return "not_available";
  return undefined;
}

/** If a value cell holds a state marker ("NA", "ND", "non disponible"), which one. */
export function stateMarkerIn(text: string): "not_applicable" | "not_available" | null {
  const f = fold(text);
  if (NOT_APPLICABLE.has(f)) return "not_applicable";
  if (NOT_AVAILABLE.has(f)) return "not_available";
  return null;
}

/**
 * Parses a French-typed number: "1 234", "1 234,5", "12,5", "12.5", "1.234.567", "1.234,56".
 * Returns null when it is not a plain non-negative decimal number.
 */
export function parseFrenchNumber(text: string): number | null {
  let s = text.replace(/[\s\u00a0\u202f']/g, "");
  if (s.startsWith("+")) s = s.slice(1);
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas && dots) {
    // The last separator is the decimal one; the other groups thousands.
    const decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    if ((s.match(new RegExp(`\\${decimal}`, "g")) ?? []).length > 1) return null;
    s = s.replaceAll(thousands, "").replace(decimal, ".");
  } else if (commas === 1) {
    s = s.replace(",", ".");
  } else if (commas > 1) {
    return null;
  } else if (dots > 1) {
    if (!/^\d{1,3}(\.\d{3})+$/.test(s)) return null;
    s = s.replaceAll(".", "");
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  return Number(s);
}

const NUMBER_DETAIL: Record<Exclude<Unit, "yes_no" | "text">, string> = {
  count: "n'est pas un nombre entier positif",
  percent: "n'est pas un pourcentage entre 0 et 100",
  days: "n'est pas un nombre de jours positif",
  euros: "n'est pas un montant en euros positif avec au plus 2 décimales",
};

/** Parses a value cell typed in French into a typed value for the unit. */
export function parseValueText(
  unit: Unit,
  text: string,
): { ok: true; value: Value } | { ok: false; detail: string } {
  const raw = text.trim();
  if (unit === "text") return checkValue("text", raw);
  if (unit === "yes_no") {
    const f = fold(raw);
    if (YES.has(f)) return { ok: true, value: true };
    if (NO.has(f)) return { ok: true, value: false };
    return { ok: false, detail: `« ${raw} » n'est pas oui ou non` };
  }
  let s = raw;
  if (unit === "percent") s = s.replace(/\s*%$/, "");
  if (unit === "euros") s = s.replace(/\s*(€|eur|euros?)$/i, "");
  if (unit === "days") s = s.replace(/\s*(j|jours?)$/i, "");
  const n = parseFrenchNumber(s);
  const r = n === null ? null : checkValue(unit, n);
  if (r?.ok) return r;
  return { ok: false, detail: `« ${raw} » ${NUMBER_DETAIL[unit]}` };
}

/** A value as a French spreadsheet user types it: decimal comma, "oui"/"non". */
export function formatValueText(unit: Unit, value: Value | null): string {
  if (value === null) return "";
  if (unit === "yes_no") return value ? "oui" : "non";
  if (typeof value === "number") return String(value).replace(".", ",");
  return String(value);
}
