/**
 * CSV as French spreadsheets write it: UTF-8 with or without BOM, `;` or `,` separator (detected
 * on the header line), fields quoted with `"` (doubled inside), CRLF or LF line ends.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Decodes bytes as UTF-8 (a BOM is dropped); invalid UTF-8 (e.g. a Windows-1252 export) is refused. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvError(
      "Le fichier n'est pas encodé en UTF-8 : dans Excel, enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».",
      1,
    );
  }
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
  return parseCsvText(decodeUtf8(bytes));
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
