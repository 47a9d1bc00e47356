import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { callAt, department, type TestUser, user } from "../../../test/factories";
import { XLSX_MAX_ENTRIES, XLSX_MAX_UNZIPPED_BYTES } from "./archive";
import { MAX_IMPORT_LINES, parseReportRows, readRows } from "./report";
import { parseXlsx, SpreadsheetError, SpreadsheetTooLarge, writeXlsx } from "./xlsx";

/** The files of a real workbook (our own export), to build forged ones from. */
const workbook = () =>
  unzipSync(
    writeXlsx([
      ["indicateur", "valeur"],
      ["N48-1", 3],
    ]),
  );
const SHEET = "xl/worksheets/sheet1.xml";

/** A sheet of `rows` rows: highly compressible XML, like the bomb of the security review. */
function sheetXml(rows: number, pad = "") {
  const body = Array.from(
    { length: rows },
    (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>N48-1${pad}</t></is></c></row>`,
  ).join("");
  return strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
  );
}

/** Rewrites the uncompressed size an archive declares for `name` (central directory and local header). */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (strFromU8(out.subarray(at + 46, at + 46 + nameLength)) !== name) continue;
    view.setUint32(at + 24, size, true);
    view.setUint32(view.getUint32(at + 42, true) + 22, size, true);
  }
  return out;
}

/**
 * Overwrites the compressed bytes of `name` from `from` on with 0xff (not deflate): whatever reads
 * that far fails as unreadable, so an error of another kind shows the reading stopped before.
 */
function spoil(zip: Uint8Array, name: string, from: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (strFromU8(out.subarray(at + 46, at + 46 + nameLength)) !== name) continue;
    const local = view.getUint32(at + 42, true);
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.fill(0xff, data + from, data + view.getUint32(at + 20, true));
  }
  return out;
}

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("nothing was thrown");
};

const sheet = sheetXml(400_000); // ≈ 30 MB of sheet XML
const bomb = zipSync({ ...workbook(), [SHEET]: sheet }, { level: 9 });

describe("an XLSX decompression bomb", () => {
  it("is small on the wire and huge unzipped", () => {
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(sheet.byteLength).toBeGreaterThan(2.5 * XLSX_MAX_UNZIPPED_BYTES);
  });

  it("reads as unreadable once its sheet's bytes are spoiled (the control of the next two)", () => {
    const error = thrown(() => parseXlsx(spoil(declareSize(bomb, SHEET, 1000), SHEET, 0)));
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error).not.toBeInstanceOf(SpreadsheetTooLarge);
    expect(error.message).not.toContain("ne correspond pas aux tailles annoncées");
  });

  it("is refused from its zip directory, before anything is inflated", () => {
    // Every byte of the sheet spoiled: inflating any of it would have failed otherwise.
    const error = thrown(() => parseXlsx(spoil(bomb, SHEET, 0)));
    expect(error).toBeInstanceOf(SpreadsheetTooLarge);
    expect(error.message).toContain("au-delà de 10 Mo");
  });

  it("is refused when its directory lies about the sizes (counted while inflating)", () => {
    // Spoiled after its first 4 KB step: refused as forged, so inflating stopped at the declared size.
    const error = thrown(() => parseXlsx(spoil(declareSize(bomb, SHEET, 1000), SHEET, 4096)));
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error.message).toContain("ne correspond pas aux tailles annoncées");
  });

  it("is refused when it has too many entries", () => {
    const files: Record<string, Uint8Array> = workbook();
    for (let i = 0; i <= XLSX_MAX_ENTRIES; i++) files[`xl/media/image${i}.png`] = strToU8("x");
    const error = thrown(() => parseXlsx(zipSync(files)));
    expect(error).toBeInstanceOf(SpreadsheetTooLarge);
    expect(error.message).toContain(`plus de ${XLSX_MAX_ENTRIES} éléments`);
  });
});

describe("formats", () => {
  it("reads only an .xlsx workbook: not an .ods, a Word file or an old .xls", () => {
    const ods = zipSync({
      mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet"),
      "content.xml": strToU8("<office:document-content/>"),
    });
    const files = workbook();
    const docx = zipSync({
      ...files,
      "[Content_Types].xml": strToU8(
        strFromU8(files["[Content_Types].xml"] ?? new Uint8Array()).replaceAll(
          "spreadsheetml.sheet.main+xml",
          "wordprocessingml.document.main+xml",
        ),
      ),
    });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const bytes of [ods, docx, xls]) {
      expect(readRows(bytes)).toEqual({
        ok: false,
        detail: expect.stringContaining("Format non pris en charge"),
      });
    }
    expect(readRows(zipSync(workbook()))).toEqual({
      ok: true,
      rows: [
        ["indicateur", "valeur"],
        ["N48-1", "3"],
      ],
    });
  });
});

describe("the row limit", () => {
  it("stops reading a sheet one line past the limit", () => {
    const big = zipSync({ ...workbook(), [SHEET]: sheetXml(MAX_IMPORT_LINES + 100) });
    expect(parseXlsx(big)).toHaveLength(MAX_IMPORT_LINES + 100);
    expect(parseXlsx(big, { maxRows: MAX_IMPORT_LINES + 2 })).toHaveLength(MAX_IMPORT_LINES + 2);
    // An import reads the header and one line too many, enough to refuse the file.
    const read = readRows(big);
    expect(read.ok && read.rows.length).toBe(MAX_IMPORT_LINES + 2);
    const parsed = parseReportRows(read.ok ? read.rows : [], [{ code: "N48-1", unit: "count" }]);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual([
      `Ligne 1 : le fichier compte plus de ${MAX_IMPORT_LINES} lignes : ${MAX_IMPORT_LINES} au plus.`,
    ]);
  });
});

describe("importing a bomb through the API", () => {
  let prefecture: TestUser;
  beforeAll(async () => {
    await department("62");
    prefecture = await user("prefecture", "62");
  });

  it("answers 413 problem+json in French, before inflating, and imports nothing", async () => {
    const form = new FormData();
    // Its sheet's bytes spoiled: a 413 (not a 400 "unreadable") shows nothing was inflated.
    form.append("file", new File([spoil(bomb, SHEET, 0)], "rapport.xlsx"));
    const report = "/api/v1/departments/62/periods/2026-Q3/report";
    const read = await callAt("2026-11-10T10:00:00Z", "GET", report, { headers: prefecture.headers });
    const etag = read.headers.get("etag") ?? "";
    const res = await callAt("2026-11-10T10:00:00Z", "POST", `${report}/import`, {
      headers: { ...prefecture.headers, "if-match": etag },
      body: form,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { code: string; detail: string; errors: { in: string }[] };
    expect(problem.code).toBe("file_too_large");
    expect(problem.detail).toMatch(/^Le classeur se décompresse au-delà de 10 Mo/);
    expect(problem.errors[0]?.in).toBe("file");
    const after = await callAt("2026-11-10T10:00:00Z", "GET", report, { headers: prefecture.headers });
    expect(after.headers.get("etag")).toBe(etag);
  });
});
