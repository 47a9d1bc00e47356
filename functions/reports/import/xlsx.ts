import { read, utils, write } from "@e965/xlsx";

/** Thrown when the bytes are not a readable spreadsheet. */
export class SpreadsheetError extends Error {}

/**
 * Reads the first sheet of a workbook (.xlsx; .xls and .ods are read too) as rows of strings.
 * Cells come back as Excel displays them (formatted text), so "12,5" typed in a French Excel
 * reads "12.5" only when the cell is a number: the unit parser accepts both.
 */
export function parseXlsx(bytes: Uint8Array): string[][] {
  let rows: unknown[][];
  try {
    const book = read(bytes, { type: "array", dense: true, cellDates: true });
    const first = book.SheetNames[0];
    const sheet = first ? book.Sheets[first] : undefined;
    if (!sheet) throw new Error("no sheet");
    rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: "", blankrows: true });
  } catch {
    throw new SpreadsheetError("Le fichier n'est pas un classeur lisible (.xlsx, .xls ou .ods).");
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
