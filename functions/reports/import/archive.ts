import { Inflate, strFromU8, zipSync } from "fflate";

/**
 * An XLSX file is a zip: a small upload can unzip to hundreds of megabytes of sheet XML (a
 * decompression bomb), which would exhaust a Worker's 128 MB before any row is counted. The zip
 * directory is read first and the archive refused above these bounds; every entry is then inflated
 * by us, counting the bytes as they come (a declared size can lie), and only what was checked is
 * handed to the spreadsheet reader.
 */
export const XLSX_MAX_ENTRIES = 50;
export const XLSX_MAX_UNZIPPED_BYTES = 10 * 1024 * 1024;

/** The bytes are not an archive we read (damaged, encrypted, or not a .xlsx workbook). */
export class ArchiveError extends Error {}
/** The archive unzips beyond the bounds above. */
export class ArchiveTooLarge extends ArchiveError {}

const UNREADABLE = "Le fichier n'est pas un classeur .xlsx lisible (archive endommagée ou protégée).";
export const UNSUPPORTED_FORMAT =
  "Format non pris en charge : enregistrez le classeur au format .xlsx (Excel) ou .csv, puis importez-le.";
const FORGED =
  "Le fichier n'est pas un classeur .xlsx lisible : son contenu ne correspond pas aux tailles annoncées par l'archive.";
const TOO_LARGE = `Le classeur se décompresse au-delà de ${XLSX_MAX_UNZIPPED_BYTES / (1024 * 1024)} Mo : ce n'est pas un rapport trimestriel. Enregistrez-le au format .csv, ou retirez-en les feuilles et images inutiles.`;
const TOO_MANY = `Le classeur contient plus de ${XLSX_MAX_ENTRIES} éléments : ce n'est pas un rapport trimestriel. Enregistrez-le au format .csv, ou retirez-en les feuilles et images inutiles.`;

type Entry = { name: string; method: number; compressedSize: number; size: number; dataOffset: number };

/** The zip's central directory, checked against the bounds before anything is inflated. */
function directory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ArchiveError(UNREADABLE);
  const count = u16(end + 10);
  let at = u32(end + 16);
  // Zip64 markers: never needed by a 2 MB workbook.
  if (count === 0xffff || at === 0xffffffff) throw new ArchiveError(UNREADABLE);
  if (count > XLSX_MAX_ENTRIES) throw new ArchiveTooLarge(TOO_MANY);

  const entries: Entry[] = [];
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw new ArchiveError(UNREADABLE);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const local = u32(at + 42);
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLength));
    // Encrypted entries, and methods other than stored and deflate, are not workbooks we read.
    if (flags & 1 || (method !== 0 && method !== 8)) throw new ArchiveError(UNREADABLE);
    if (local + 30 > bytes.length || u32(local) !== 0x04034b50) throw new ArchiveError(UNREADABLE);
    const dataOffset = local + 30 + u16(local + 26) + u16(local + 28);
    if (dataOffset + compressedSize > bytes.length) throw new ArchiveError(UNREADABLE);
    declared += size;
    if (declared > XLSX_MAX_UNZIPPED_BYTES) throw new ArchiveTooLarge(TOO_LARGE);
    entries.push({ name, method, compressedSize, size, dataOffset });
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}

class Overflow extends Error {}

/**
 * Inflates one entry, refusing it as soon as it yields more than it declared. Input goes in 4 KB
 * steps, so one step yields at most ~4 MB (deflate expands at most ~1032 times).
 */
function inflateAtMost(data: Uint8Array, limit: number): Uint8Array {
  const out = new Uint8Array(limit);
  let length = 0;
  const inflater = new Inflate((chunk) => {
    if (length + chunk.length > limit) throw new Overflow();
    out.set(chunk, length);
    length += chunk.length;
  });
  const step = 4096;
  try {
    for (let i = 0; i < data.length; i += step)
      inflater.push(data.subarray(i, i + step), i + step >= data.length);
    if (data.length === 0) inflater.push(data, true);
  } catch (e) {
    if (e instanceof Overflow) throw new ArchiveError(FORGED);
    throw new ArchiveError(UNREADABLE);
  }
  return out.subarray(0, length);
}

/**
 * Checks an uploaded .xlsx and returns it rebuilt from the entries we inflated ourselves (stored,
 * not compressed), so the spreadsheet reader never inflates anything unchecked.
 */
export function checkedXlsx(bytes: Uint8Array): Uint8Array {
  const entries = directory(bytes);
  const files: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    const content = entry.method === 0 ? data : inflateAtMost(data, entry.size);
    // A declared size that lies (the bytes say otherwise) is a forged archive.
    if (content.length !== entry.size) throw new ArchiveError(FORGED);
    files[entry.name] = content;
  }
  // Only what the README promises: an Excel workbook (.xlsx), not .ods, .xlsm or a Word file.
  const types = files["[Content_Types].xml"];
  if (
    !types ||
    !strFromU8(types).includes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
  ) {
    throw new ArchiveError(UNSUPPORTED_FORMAT);
  }
  return zipSync(files, { level: 0 });
}
