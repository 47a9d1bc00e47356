/**
 * CSV as French spreadsheets write it: UTF-8 with or without BOM, or what French Excel writes by
 * default, « CSV (séparateur : point-virgule) » in Windows-1252 (detected, see decodeText), or
 * « Texte Unicode » (UTF-16 with BOM); `;` or `,` separator (detected on the header line), fields
 * quoted with `"` (doubled inside), CRLF or LF line ends.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export type TextEncoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

/**
 * The encoding of a text file: a UTF-16 BOM says so; bytes that are valid UTF-8 are UTF-8 (text in
 * Windows-1252 with an accent is practically never valid UTF-8: "é" is one byte 0xE9 there, which
 * UTF-8 only allows as the lead of a 3-byte sequence); anything else is Windows-1252, what French
 * Excel writes for « CSV (séparateur : point-virgule) ». A NUL byte means a binary file.
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes.includes(0)) {
    throw new CsvError("Ce fichier n'est pas un fichier texte (CSV) ni un classeur XLSX.", 1);
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** Decodes a text file in its detected encoding (a BOM is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(detectEncoding(bytes)).decode(bytes);
}

/** The separator of the first line outside quotes: `;` wins over `,` (a French decimal comma is common), tab too. */
export function detectSeparator(text: string): ";" | "," | "\t" {
  const counts = { ";": 0, ",": 0, "\t": 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[";"] > 0) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

/** Parses CSV text into rows of raw strings. Trailing empty lines are dropped. */
export function parseCsvText(text: string, separator = detectSeparator(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === separator) {
      row.push(field);
      field = "";
      fieldStarted = false;
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      line++;
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    // Text after a closing quote ("ab"c) is kept as typed, like Excel does.
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvError(`Guillemet ouvert jamais refermé (à partir de la ligne ${line}).`, line);
  if (fieldStarted || field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  while (rows.length && (rows[rows.length - 1] as string[]).every((f) => f.trim() === "")) rows.pop();
  return rows;
}

/** Parses CSV bytes (see the module comment) into rows of strings. */
export function parseCsv(bytes: Uint8Array): string[][] {
  return parseCsvText(decodeText(bytes));
}

const needsQuotes = (s: string, sep: string) => s.includes(sep) || /["\r\n]/.test(s) || /^\s|\s$/.test(s);

/** Writes rows as CSV for Excel FR: UTF-8 with BOM, `;` separator, CRLF. */
export function toCsv(rows: readonly (readonly string[])[], separator = ";"): Uint8Array {
  const body = rows
    .map((row) =>
      row.map((f) => (needsQuotes(f, separator) ? `"${f.replaceAll('"', '""')}"` : f)).join(separator),
    )
    .join("\r\n");
  return new TextEncoder().encode(`\ufeff${body}\r\n`);
}

/**
 * Spreadsheet formula injection: a cell starting with = + - @ is run by Excel when a CSV opens.
 * Exported text gets a leading apostrophe (Excel's "this is text" mark); the importer drops it.
 */
export const defuse = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
