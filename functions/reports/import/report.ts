import {
  formatValueText,
  parseStateText,
  parseValueText,
  STATE_LABELS,
  stateMarkerIn,
  UNIT_LABELS,
  type Unit,
  type Value,
  type ValueState,
  validateEntry,
} from "../../../shared/units";
import { CsvError, defuse, parseCsv, toCsv } from "../../platform/csv";
import type { FieldError } from "../../platform/errors";
import { UNSUPPORTED_FORMAT } from "./archive";
import { parseXlsx, SpreadsheetError, SpreadsheetTooLarge, writeXlsx } from "./xlsx";

/**
 * Import and export of one quarter report as a spreadsheet.
 * Columns (header on line 1, any order, French or English, accents and case ignored):
 *   indicateur|indicator|code (required) · état|etat|state · valeur|value (required) ·
 *   commentaire|comment. Other columns (libellé, unité, organisation responsable, valeur
 *   précédente…) are read by people, not imported: who answers an indicator is set in the catalogue.
 * A line with neither state, value nor comment is skipped (an import never erases an answer).
 * "NA"/"non applicable" and "ND"/"non disponible" are accepted in the state or the value column.
 */

export type CatalogueItem = { code: string; unit: Unit; derived?: boolean };

export type ImportEntry = {
  /** Line in the file (header = 1), so the route can name it when a permission check fails. */
  line: number;
  indicator: string;
  state: ValueState;
  value: Value | null;
  comment: string | null;
};

export type ImportError = {
  line: number;
  /** The column's header as written in the file, or its letter when there is no such header. */
  column: string;
  detail: string;
  /** "Ligne 4, colonne « valeur » : « douze » n'est pas un nombre entier positif" */
  message: string;
};

export type Skipped = { line: number; indicator: string; reason: "empty" | "derived" };

export type ImportResult =
  | { ok: true; entries: ImportEntry[]; skipped: Skipped[] }
  | { ok: false; errors: ImportError[] };

export const MAX_IMPORT_LINES = 5000;

type Column = "indicator" | "state" | "value" | "comment";

const HEADERS: Record<string, Column> = {
  indicateur: "indicator",
  indicator: "indicator",
  code: "indicator",
  "code indicateur": "indicator",
  etat: "state",
  state: "state",
  valeur: "value",
  value: "value",
  commentaire: "comment",
  comment: "comment",
  commentaires: "comment",
};

const COLUMN_NAMES: Record<Column, string> = {
  indicator: "indicateur",
  state: "état",
  value: "valeur",
  comment: "commentaire",
};

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();

/** Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function error(line: number, column: string, detail: string): ImportError {
  const where = line === 1 && column === "" ? "Ligne 1" : `Ligne ${line}, colonne « ${column} »`;
  return { line, column, detail, message: `${where} : ${detail}` };
}

/** Checks every line of a report file against the report's catalogue; all errors, or all entries. */
export function parseReportRows(
  rows: readonly (readonly string[])[],
  catalogue: Iterable<CatalogueItem>,
): ImportResult {
  const byCode = new Map<string, CatalogueItem>();
  for (const item of catalogue) byCode.set(item.code.toUpperCase(), item);

  const header = rows[0];
  if (!header || header.every((h) => h.trim() === "")) {
    return {
      ok: false,
      errors: [error(1, "", "le fichier est vide : la première ligne doit porter les en-têtes.")],
    };
  }
  if (rows.length - 1 > MAX_IMPORT_LINES) {
    return {
      ok: false,
      errors: [
        error(1, "", `le fichier compte plus de ${MAX_IMPORT_LINES} lignes : ${MAX_IMPORT_LINES} au plus.`),
      ],
    };
  }

  const errors: ImportError[] = [];
  const index = new Map<Column, number>();
  const names = new Map<Column, string>();
  header.forEach((h, i) => {
    const column = HEADERS[fold(h)];
    if (!column) return;
    if (index.has(column)) {
      errors.push(error(1, h.trim(), `la colonne « ${COLUMN_NAMES[column]} » apparaît deux fois.`));
      return;
    }
    index.set(column, i);
    names.set(column, h.trim());
  });
  for (const required of ["indicator", "value"] as const) {
    if (!index.has(required)) {
      errors.push(
        error(
          1,
          "",
          `colonne « ${COLUMN_NAMES[required]} » introuvable (en-têtes attendus : indicateur, état, valeur, commentaire).`,
        ),
      );
    }
  }
  if (errors.length) return { ok: false, errors };

  const name = (c: Column) => names.get(c) ?? COLUMN_NAMES[c];
  const cell = (row: readonly string[], c: Column) => {
    const i = index.get(c);
    return i === undefined ? "" : undefuse((row[i] ?? "").trim());
  };

  const entries: ImportEntry[] = [];
  const skipped: Skipped[] = [];
  const seen = new Map<string, number>();

  rows.slice(1).forEach((row, k) => {
    const line = k + 2;
    if (row.every((f) => f.trim() === "")) return;
    const code = cell(row, "indicator");
    const stateText = cell(row, "state");
    const valueText = cell(row, "value");
    const commentText = cell(row, "comment");

    if (!code) {
      errors.push(error(line, name("indicator"), "le code de l'indicateur est vide."));
      return;
    }
    const item = byCode.get(code.toUpperCase());
    if (!item) {
      errors.push(
        error(line, name("indicator"), `« ${code} » n'est pas un indicateur attendu dans ce rapport.`),
      );
      return;
    }
    const previous = seen.get(item.code);
    if (previous !== undefined) {
      errors.push(error(line, name("indicator"), `l'indicateur ${item.code} figure déjà ligne ${previous}.`));
      return;
    }
    seen.set(item.code, line);

    if (!stateText && !valueText && !commentText) {
      skipped.push({ line, indicator: item.code, reason: "empty" });
      return;
    }
    if (item.derived) {
      // Exported reports list derived values; importing them back is harmless and changes nothing.
      skipped.push({ line, indicator: item.code, reason: "derived" });
      return;
    }

    let state: ValueState | null | undefined = parseStateText(stateText);
    if (state === undefined) {
      errors.push(
        error(
          line,
          name("state"),
          `« ${stateText} » n'est pas un état reconnu (valeur, non applicable, non disponible).`,
        ),
      );
      return;
    }
    const marker = stateMarkerIn(valueText);
    if (state === null) state = marker ?? "value";

    let value: Value | null = null;
    if (state === "value") {
      if (!valueText) {
        errors.push(
          error(
            line,
            name("value"),
            "la valeur est vide : saisissez-la, ou indiquez « non applicable » ou « non disponible ».",
          ),
        );
        return;
      }
      if (marker) {
        errors.push(
          error(
            line,
            name("value"),
            `« ${valueText} » contredit l'état « ${STATE_LABELS.value} » de la ligne.`,
          ),
        );
        return;
      }
      const parsed = parseValueText(item.unit, valueText);
      if (!parsed.ok) {
        errors.push(error(line, name("value"), parsed.detail));
        return;
      }
      value = parsed.value;
    } else if (valueText && marker !== state) {
      errors.push(
        error(line, name("value"), `la valeur doit être vide quand l'état est « ${STATE_LABELS[state]} ».`),
      );
      return;
    }

    const checked = validateEntry(item, { state, value, comment: commentText || null });
    if (!checked.ok) {
      for (const e of checked.errors) {
        const column = e.pointer === "/comment" ? "comment" : e.pointer === "/state" ? "state" : "value";
        errors.push(error(line, name(column), lowerFirst(e.detail)));
      }
      return;
    }
    entries.push({
      line,
      indicator: item.code,
      state,
      value: checked.value.value,
      comment: checked.value.comment,
    });
  });

  if (errors.length) return { ok: false, errors };
  return { ok: true, entries, skipped };
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase("fr") + s.slice(1);

/** The import errors as problem+json field errors (`in: "file"`, pointer /lines/<line>/<column>). */
export function importFieldErrors(errors: readonly ImportError[]): FieldError[] {
  return errors.map((e) => ({
    in: "file",
    pointer: `/lines/${e.line}${e.column ? `/${e.column.replaceAll("~", "~0").replaceAll("/", "~1")}` : ""}`,
    detail: e.message,
    code: "invalid_import_line",
  }));
}

/**
 * Reads an uploaded report file: .xlsx by its zip signature (checked against decompression bombs,
 * at most MAX_IMPORT_LINES + 1 data rows read: one more says the file is too long), anything else
 * as CSV. Only the formats the README promises: an old .xls (OLE) or an .ods is refused.
 */
export function readRows(
  bytes: Uint8Array,
): { ok: true; rows: string[][] } | { ok: false; detail: string; tooLarge?: boolean } {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (ole) return { ok: false, detail: UNSUPPORTED_FORMAT };
  try {
    return { ok: true, rows: zip ? parseXlsx(bytes, { maxRows: MAX_IMPORT_LINES + 2 }) : parseCsv(bytes) };
  } catch (e) {
    if (e instanceof SpreadsheetTooLarge) return { ok: false, detail: e.message, tooLarge: true };
    if (e instanceof CsvError || e instanceof SpreadsheetError) return { ok: false, detail: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Export

/** One line of an exported report (what the report view shows). */
export type ExportItem = {
  indicator: string;
  label: string;
  unit: Unit;
  state: ValueState | null;
  value: Value | null;
  comment: string | null;
  previousValue?: Value | null;
  derived?: boolean;
  /** Who answers it here (null: the prefecture itself). */
  responsibleOrganisationName?: string | null;
};

export const EXPORT_HEADER = [
  "indicateur",
  "libellé",
  "unité",
  "état",
  "valeur",
  "commentaire",
  "valeur du trimestre précédent",
  "organisation responsable",
];

/** Who answers, as the export writes it: a derived indicator is computed, not answered. */
const responsibleText = (i: ExportItem) =>
  i.derived ? "" : (i.responsibleOrganisationName ?? "Préfecture (non attribué)");

const undefuse = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

const stateText = (s: ValueState | null) => (s ? STATE_LABELS[s] : "");
const unitText = (i: ExportItem) => `${UNIT_LABELS[i.unit]}${i.derived ? " (calculé)" : ""}`;

/** CSV for Excel FR: UTF-8 with BOM, `;`, decimal commas, French headers. */
export function reportToCsv(items: readonly ExportItem[]): Uint8Array {
  return toCsv([
    EXPORT_HEADER,
    ...items.map((i) => [
      i.indicator,
      defuse(i.label),
      unitText(i),
      stateText(i.state),
      defuse(formatValueText(i.unit, i.value)),
      defuse(i.comment ?? ""),
      defuse(formatValueText(i.unit, i.previousValue ?? null)),
      defuse(responsibleText(i)),
    ]),
  ]);
}

const cellValue = (unit: Unit, v: Value | null | undefined): string | number | null =>
  v === null || v === undefined ? null : typeof v === "number" ? v : formatValueText(unit, v);

/** XLSX with the same columns; figures are real numbers so Excel can add them up. */
export function reportToXlsx(items: readonly ExportItem[]): Uint8Array {
  return writeXlsx(
    [
      EXPORT_HEADER,
      ...items.map((i) => [
        i.indicator,
        i.label,
        unitText(i),
        stateText(i.state),
        cellValue(i.unit, i.value),
        i.comment ?? "",
        cellValue(i.unit, i.previousValue),
        responsibleText(i),
      ]),
    ],
    "Rapport",
  );
}
