import { read, utils, write } from "@e965/xlsx";
import { ArchiveError, ArchiveTooLarge, checkedXlsx } from "./archive";

/** Thrown when the bytes are not a readable spreadsheet. */
export class SpreadsheetError extends Error {}
/** Thrown when the workbook unzips beyond the bounds of `archive.ts` (answered 413). */
export class SpreadsheetTooLarge extends SpreadsheetError {}

/**
 * Reads the first sheet of an .xlsx workbook as rows of strings, `maxRows` at most (the reader
 * stops there). The zip is checked first (size, entries, format: see archive.ts).
 * Cells come back as Excel displays them (formatted text), so "12,5" typed in a French Excel
 * reads "12.5" only when the cell is a number: the unit parser accepts both.
 */
export function parseXlsx(bytes: Uint8Array, options: { maxRows?: number } = {}): string[][] {
  let checked: Uint8Array;
  try {
    checked = checkedXlsx(bytes);
  } catch (e) {
    if (e instanceof ArchiveError) {
      throw e instanceof ArchiveTooLarge
        ? new SpreadsheetTooLarge(e.message)
        : new SpreadsheetError(e.message);
    }
    throw e;
  }
  let rows: unknown[][];
  try {
    const book = read(checked, {
      type: "array",
      dense: true,
      cellDates: true,
      ...(options.maxRows ? { sheetRows: options.maxRows } : {}),
    });
    const first = book.SheetNames[0];
    const sheet = first ? book.Sheets[first] : undefined;
    if (!sheet) throw new Error("no sheet");
    rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: "", blankrows: true });
  } catch {
    throw new SpreadsheetError("Le fichier n'est pas un classeur .xlsx lisible.");
  }
  return rows.map((row) => row.map(cellText));
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "boolean") return cell ? "oui" : "non";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === "number") return numberText(cell);
  return String(cell);
}

/** Shortest decimal text of a number (no 0.30000000000000004, no exponent for usual figures). */
function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number.parseFloat(n.toPrecision(15)));
}

/** Writes rows to a one-sheet .xlsx; numbers stay numbers so Excel can sum them. */
export function writeXlsx(rows: (string | number | null)[][], sheetName = "Feuille1"): Uint8Array {
  const book = utils.book_new();
  const sheet = utils.aoa_to_sheet(rows.map((row) => row.map((cell) => (cell === null ? "" : cell))));
  sheet["!cols"] = (rows[0] ?? []).map((_, i) => ({ wch: i === 0 ? 14 : i === 1 ? 48 : 18 }));
  utils.book_append_sheet(book, sheet, sheetName);
  const out = write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
