/**
 * Pure helpers of the quarter report pages: French number input, drafts and the entries they
 * send, grouping of items, mapping of the API's field errors back to indicators, and the list of
 * quarters. No React here, so every rule is unit-tested (model.test.ts).
 */
import {
  comparePeriods,
  formatPeriod,
  isOpen,
  parsePeriod,
  periodOf,
  previousPeriod,
} from "../../../shared/period-calendar";
import type { Report, ReportItem } from "../../../shared/reports";
import { searchKey } from "../../../shared/search";
import type { Problem } from "../api";
import { formatFrenchDay } from "../ui/french";

export type { Report, ReportItem };
export type Unit = ReportItem["unit"];
export type ValueState = NonNullable<ReportItem["state"]>;
export type ReportStatus = Report["status"];
export type Value = ReportItem["value"];

export const statusLabels: Record<ReportStatus, string> = {
  draft: "Brouillon",
  submitted: "Soumis",
  validated: "Validé",
};
export const statusSeverity: Record<ReportStatus, "info" | "new" | "success"> = {
  draft: "new",
  submitted: "info",
  validated: "success",
};

export const unitHints: Record<Unit, string> = {
  count: "Nombre entier",
  percent: "Pourcentage de 0 à 100",
  yes_no: "Oui ou non",
  days: "Nombre de jours",
  euros: "Montant en euros",
  text: "Texte libre",
};

export const stateLabels: Record<ValueState, string> = {
  value: "Valeur",
  not_applicable: "Non applicable",
  not_available: "Non disponible",
};

const NUMERIC: Unit[] = ["count", "percent", "days", "euros"];
export const isNumeric = (unit: Unit) => NUMERIC.includes(unit);

/** The unit sign a number may end with, per unit: "12 %" is a percentage, not a count. */
const SUFFIXES: Partial<Record<Unit, RegExp>> = {
  percent: /\s*%$/,
  euros: /\s*(€|eur|euros?)$/i,
  days: /\s*(j|jours?)$/i,
};

/** Spaces only group thousands: "1 234" and "1 234 567,5", never "12 34" nor "12 5". */
const GROUPED = /^\d{1,3}([ \u00a0\u202f]\d{3})+(,\d+)?$/;

/**
 * Reads a number typed the French way: "1 234,5", "12,5", "12.5"; the sign of `unit` (%, € or
 * "j") may follow it. Null when the text is not a plain non-negative decimal number.
 */
export function parseFrenchNumber(text: string, unit?: Unit): number | null {
  let s = text.trim();
  const suffix = unit && SUFFIXES[unit];
  if (suffix) s = s.replace(suffix, "");
  if (s.startsWith("+")) s = s.slice(1);
  if (/[ \u00a0\u202f]/.test(s)) {
    if (!GROUPED.test(s)) return null;
    s = s.replace(/[ \u00a0\u202f]/g, "");
  }
  if ((s.match(/,/g) ?? []).length > 1) return null;
  if (s.includes(",")) {
    // "1.234,5": dots group thousands, the comma is the decimal separator.
    if (s.includes(".") && !/^\d{1,3}(\.\d{3})+,\d*$/.test(s)) return null;
    s = s.replaceAll(".", "").replace(",", ".");
  } else if ((s.match(/\./g) ?? []).length > 1) {
    if (!/^\d{1,3}(\.\d{3})+$/.test(s)) return null;
    s = s.replaceAll(".", "");
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  return Number(s);
}

/** A typed text as the unit's value, or a French message saying what is expected. */
export function parseValue(
  unit: Unit,
  text: string,
): { ok: true; value: number | boolean | string } | { ok: false; detail: string } {
  const raw = text.trim();
  if (unit === "text") return raw ? { ok: true, value: raw } : { ok: false, detail: "Saisissez un texte." };
  if (unit === "yes_no") {
    if (raw === "true" || raw === "oui") return { ok: true, value: true };
    if (raw === "false" || raw === "non") return { ok: true, value: false };
    return { ok: false, detail: "Choisissez oui ou non." };
  }
  const n = parseFrenchNumber(raw, unit);
  if (n === null)
    return {
      ok: false,
      detail:
        unit === "count"
          ? "Saisissez un nombre entier positif ou nul, par exemple 12."
          : "Saisissez un nombre positif ou nul, par exemple 12 ou 12,5.",
    };
  if (unit === "count" && !Number.isInteger(n)) return { ok: false, detail: "Saisissez un nombre entier." };
  if (unit === "percent" && n > 100)
    return { ok: false, detail: "Un pourcentage est compris entre 0 et 100." };
  if (unit === "euros" && Math.abs(n * 100 - Math.round(n * 100)) > 1e-6)
    return { ok: false, detail: "Deux décimales au plus (centimes)." };
  return { ok: true, value: n };
}

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** A value as a French reader expects it (display): "1 234,5", "oui", "12,5 %". */
export function formatValue(unit: Unit, value: Value): string {
  if (value === null || value === undefined) return "";
  if (unit === "yes_no") return value === true ? "oui" : value === false ? "non" : String(value);
  if (typeof value === "number") {
    const n = numberFormat.format(value);
    // A non-breaking space keeps the unit with its number.
    if (unit === "percent") return `${n}\u00a0%`;
    if (unit === "euros") return `${n}\u00a0€`;
    if (unit === "days") return `${n}\u00a0j`;
    return n;
  }
  return String(value);
}

const inputNumberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 20 });

/** A value as it goes into an input, as the user would type it: "1 234,5" (French grouping, decimal comma). */
export function inputTextOf(unit: Unit, value: Value): string {
  if (value === null || value === undefined) return "";
  if (unit === "yes_no") return value === true ? "true" : value === false ? "false" : "";
  if (typeof value === "number") return inputNumberFormat.format(value);
  return String(value);
}

/** An answer as shown for the previous quarter or in the history. */
export function formatAnswer(unit: Unit, state: string | null, value: Value): string {
  if (state === "not_applicable") return "Non applicable";
  if (state === "not_available") return "Non disponible";
  if (state === "cleared") return "Réponse effacée";
  if (state === null || value === null) return "—";
  return formatValue(unit, value);
}

/** What the user has typed for one indicator. */
export type Draft = { state: ValueState; text: string; comment: string };

export const draftOf = (item: ReportItem): Draft => ({
  state: item.state ?? "value",
  text: item.state === "value" ? inputTextOf(item.unit, item.value) : "",
  comment: item.comment ?? "",
});

export type Entry = {
  indicator: string;
  state: ValueState | null;
  value: number | boolean | string | null;
  comment: string | null;
};

export type EntryOutcome =
  | { kind: "entry"; entry: Entry }
  /** Nothing to save: the draft says what the server already has. */
  | { kind: "same" }
  /** Not savable as typed: the message goes next to the field. */
  | { kind: "invalid"; field: "value" | "comment"; detail: string };

const sameAnswer = (item: ReportItem, entry: Entry) =>
  (item.state ?? null) === entry.state &&
  JSON.stringify(item.value ?? null) === JSON.stringify(entry.value) &&
  (item.comment ?? null) === entry.comment;

/**
 * The entry a draft sends. A blank value clears the answer; "non applicable" needs a comment
 * (the API refuses it without one, and autosave must not send what it knows will fail).
 */
export function entryOf(item: ReportItem, draft: Draft): EntryOutcome {
  const comment = draft.comment.trim() || null;
  let entry: Entry;
  if (draft.state === "value") {
    if (draft.text.trim() === "") {
      // Erasing the value erases the answer: a comment left alone would be dropped without a word.
      if (comment) {
        return {
          kind: "invalid",
          field: "value",
          detail:
            item.state === null
              ? "Saisissez une valeur : le commentaire sera enregistré avec elle."
              : "Saisissez une valeur, ou videz aussi le commentaire pour effacer la réponse.",
        };
      }
      if (item.state === null) return { kind: "same" };
      entry = { indicator: item.indicator, state: null, value: null, comment: null };
    } else {
      const parsed = parseValue(item.unit, draft.text);
      if (!parsed.ok) return { kind: "invalid", field: "value", detail: parsed.detail };
      entry = { indicator: item.indicator, state: "value", value: parsed.value, comment };
    }
  } else {
    if (draft.state === "not_applicable" && !comment) {
      return {
        kind: "invalid",
        field: "comment",
        detail:
          "Expliquez en commentaire pourquoi cet indicateur ne s'applique pas : la réponse sera enregistrée ensuite.",
      };
    }
    entry = { indicator: item.indicator, state: draft.state, value: null, comment };
  }
  return sameAnswer(item, entry) ? { kind: "same" } : { kind: "entry", entry };
}

/** Whether the answer saved now differs from the one an edit started from (someone else saved it). */
export const answerChanged = (base: ReportItem, now: ReportItem) =>
  !sameAnswer(now, {
    indicator: base.indicator,
    state: base.state ?? null,
    value: base.value ?? null,
    comment: base.comment ?? null,
  });

/** The indicators among `bases` whose saved answer in `items` changed since the edit started. */
export function changedIndicators(bases: Record<string, ReportItem>, items: ReportItem[]): string[] {
  const now = new Map(items.map((i) => [i.indicator, i]));
  return Object.entries(bases)
    .filter(([indicator, base]) => {
      const item = now.get(indicator);
      return item !== undefined && answerChanged(base, item);
    })
    .map(([indicator]) => indicator);
}

/**
 * What a save would send now: the dirty indicators' entries (`sent`: their edit counters), the
 * ones that turned back into the saved answer (`clean`) and how many cannot be sent as typed.
 */
export function pendingEntries(
  dirty: Record<string, number>,
  drafts: Record<string, Draft>,
  items: ReportItem[],
  refused: Record<string, unknown>,
): { entries: Entry[]; sent: Record<string, number>; clean: Record<string, number>; invalid: number } {
  const byIndicator = new Map(items.map((i) => [i.indicator, i]));
  const entries: Entry[] = [];
  const sent: Record<string, number> = {};
  const clean: Record<string, number> = {};
  let invalid = 0;
  for (const [indicator, rev] of Object.entries(dirty)) {
    const item = byIndicator.get(indicator);
    const draft = drafts[indicator];
    if (!item || !draft || !item.editable) continue;
    if (refused[indicator]) {
      invalid++;
      continue;
    }
    const outcome = entryOf(item, draft);
    if (outcome.kind === "same") clean[indicator] = rev;
    else if (outcome.kind === "invalid") invalid++;
    else {
      entries.push(outcome.entry);
      sent[indicator] = rev;
    }
  }
  return { entries, sent, clean, invalid };
}

export type FieldName = "value" | "comment" | "state" | "indicator";
export type IndicatorErrors = Record<string, { field: FieldName; detail: string }[]>;

/**
 * Maps a 422 problem of PUT …/values back to indicators: `/values/<i>/<field>` points into the
 * entries that were sent.
 */
export function errorsByIndicator(
  problem: Problem,
  sent: Entry[],
): { byIndicator: IndicatorErrors; other: string[] } {
  const byIndicator: IndicatorErrors = {};
  const other: string[] = [];
  for (const error of problem.errors ?? []) {
    const m = /^\/values\/(\d+)(?:\/(\w+))?$/.exec(error.pointer);
    const entry = m ? sent[Number(m[1])] : undefined;
    if (!m || !entry) {
      other.push(error.detail);
      continue;
    }
    const raw = m[2] ?? "value";
    const field: FieldName = raw === "comment" || raw === "state" || raw === "indicator" ? raw : "value";
    byIndicator[entry.indicator] = [...(byIndicator[entry.indicator] ?? []), { field, detail: error.detail }];
  }
  return { byIndicator, other };
}

export type ItemGroup = { key: string; title: string; items: ReportItem[] };
export type Section = { key: string; title: string; groups: ItemGroup[] };

const byNumber = (a: string, b: string) => a.localeCompare(b, "fr", { numeric: true });

/**
 * National items grouped by measure, then local ones by axis → sheet, each in API order.
 * `measureTitle` names a measure when the catalogue is known.
 */
export function groupItems(items: ReportItem[], measureTitle?: (n: number) => string | undefined): Section[] {
  const sections: Section[] = [];
  const national = items.filter((i) => i.scope === "national");
  if (national.length) {
    const groups = new Map<string, ItemGroup>();
    for (const item of national) {
      const n = item.measureNumber;
      const key = n === null ? "sans-mesure" : `mesure-${n}`;
      const title =
        n === null
          ? "Autres indicateurs nationaux"
          : `Mesure ${n}${measureTitle?.(n) ? ` — ${measureTitle(n)}` : ""}`;
      const group = groups.get(key) ?? { key, title, items: [] };
      group.items.push(item);
      groups.set(key, group);
    }
    sections.push({
      key: "national",
      title: "Indicateurs nationaux",
      groups: [...groups.values()].sort((a, b) => byNumber(a.key, b.key)),
    });
  }
  const local = items.filter((i) => i.scope === "local");
  const axes = new Map<string, Section & { sheets: Map<string, ItemGroup> }>();
  for (const item of local) {
    const axisKey = item.axisCode ?? "";
    const axis = axes.get(axisKey) ?? {
      key: `axe-${axisKey || "autre"}`,
      title: item.axisCode
        ? `Axe ${item.axisCode}${item.axisTitle ? ` — ${item.axisTitle}` : ""}`
        : "Autres indicateurs locaux",
      groups: [],
      sheets: new Map(),
    };
    const sheetKey = item.sheetCode ?? "";
    const sheet = axis.sheets.get(sheetKey) ?? {
      key: `fiche-${sheetKey || "autre"}`,
      title: item.sheetCode
        ? `Fiche ${item.sheetCode}${item.sheetTitle ? ` — ${item.sheetTitle}` : ""}`
        : "Sans fiche",
      items: [],
    };
    sheet.items.push(item);
    axis.sheets.set(sheetKey, sheet);
    axes.set(axisKey, axis);
  }
  for (const [code, axis] of [...axes.entries()].sort(([a], [b]) => byNumber(a, b))) {
    void code;
    sections.push({
      key: axis.key,
      title: axis.title,
      groups: [...axis.sheets.entries()].sort(([a], [b]) => byNumber(a, b)).map(([, g]) => g),
    });
  }
  return sections;
}

/** An indicator a member answers for: one they may edit now, or one given to their organisation. */
export const isMine = (item: ReportItem, organisations: ReadonlySet<string>) =>
  item.editable ||
  (item.responsibleOrganisationId !== null && organisations.has(item.responsibleOrganisationId));

/**
 * The indicators "sans réponse" when that filter is switched on. The set is kept while it stays on:
 * a row answered meanwhile stays in view (it must not vanish under the cursor after its autosave).
 */
export const unansweredOf = (items: ReportItem[], dirty: Record<string, unknown>, errors: IndicatorErrors) =>
  new Set(
    items
      .filter((i) => i.state === null || dirty[i.indicator] !== undefined || errors[i.indicator])
      .map((i) => i.indicator),
  );

/** The rows shown: `mine` keeps a member's indicators, `only` a frozen set (null: no such filter). */
export function filterItems(
  items: ReportItem[],
  {
    mine,
    only,
    query = "",
  }: { mine: ReadonlySet<string> | null; only: ReadonlySet<string> | null; query?: string },
): ReportItem[] {
  const key = searchKey(query);
  return items.filter(
    (i) =>
      (!mine || isMine(i, mine)) &&
      (!only || only.has(i.indicator)) &&
      (!key || searchKey(`${i.indicator} ${i.label}`).includes(key)),
  );
}

/** Expected indicators with no answer yet (what blocks "Soumettre"). */
export const missingOf = (report: Report) => report.items.filter((i) => i.state === null);

/** The quarter in progress (not open yet) and the `count` quarters before it, newest first. */
export function quartersAround(today: string, count = 8): { period: string; current: boolean }[] {
  const current = periodOf(today);
  const out = [{ period: current as string, current: true }];
  let p: string = current;
  for (let i = 0; i < count; i++) {
    p = previousPeriod(p);
    out.push({ period: p, current: false });
  }
  return out;
}

/** The last `count` quarters whose reports are open on `today`, oldest first (chart ranges). */
export function closedQuarters(today: string, count = 8): string[] {
  return quartersAround(today, count)
    .filter((q) => !q.current)
    .map((q) => q.period)
    .reverse();
}

/** "2026-Q3" → "3e trimestre 2026" ("1er trimestre" for Q1). */
export function periodLabel(period: string): string {
  const { year, quarter } = parsePeriod(period);
  return `${quarter === 1 ? "1er" : `${quarter}e`} trimestre ${year}`;
}

/** "T3 2026", for compact places (chart axes, table cells). */
export function periodShort(period: string): string {
  const { year, quarter } = parsePeriod(period);
  return `T${quarter} ${year}`;
}

export const isPeriodOpen = isOpen;
export { comparePeriods, formatPeriod };

/** Today in metropolitan France, `YYYY-MM-DD`: due dates are French administrative days. */
export function todayInFrance(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "short",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});
const timeFormat = new Intl.DateTimeFormat("fr-FR", { timeStyle: "short", timeZone: "Europe/Paris" });

/** "2026-10-31" → "31 octobre 2026", "2027-01-01" → "1er janvier 2027" (a calendar day, no time zone shift). */
export const formatDay = (day: string | null): string => (day ? formatFrenchDay(day) : "");

/** An instant's calendar day in France: "2026-11-23T09:12:00Z" → "23 novembre 2026". */
export const formatInstantDay = (iso: string | null) =>
  iso ? formatFrenchDay(todayInFrance(new Date(iso))) : "";
export const formatDateTime = (iso: string | null) => (iso ? dateTimeFormat.format(new Date(iso)) : "");
export const formatTime = (date: Date) => timeFormat.format(date);

/** A ratio as a French percentage; none (a quarter not open yet) shows "—". */
export const percent = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 100)} %`);

/** "3 sur 5" with the right plural for what a partner has answered. */
export function progressText(answered: number, assigned: number): string {
  const noun = new Intl.PluralRules("fr").select(assigned) === "one" ? "indicateur" : "indicateurs";
  return `${answered} sur ${assigned} ${noun}`;
}

/** Quarters per page of the quarter list: the one in progress and the eight before it. */
export const QUARTERS_PER_PAGE = 9;

const quarterIndex = (period: string) => {
  const { year, quarter } = parsePeriod(period);
  return year * 4 + quarter - 1;
};

/**
 * Pages of the quarter list, most recent first: page 1 ends at the quarter in progress, each next
 * page nine quarters earlier, the last one reaching the département's first report.
 */
export function quarterPages(current: string, earliest: string | null): number {
  if (!earliest) return 1;
  const span = quarterIndex(current) - quarterIndex(earliest) + 1;
  return Math.max(1, Math.ceil(span / QUARTERS_PER_PAGE));
}

/** The last (most recent) quarter of a page (1-based). */
export function pageEnd(current: string, page: number): string {
  let p = current;
  for (let i = 0; i < (page - 1) * QUARTERS_PER_PAGE; i++) p = previousPeriod(p);
  return p;
}
