import { describe, expect, it } from "vitest";
import { parseXlsx, SpreadsheetError, writeXlsx } from "./xlsx";

describe("xlsx inside workerd", () => {
  it("writes a workbook and reads the same strings back", () => {
    const rows = [
      ["indicateur", "état", "valeur", "commentaire"],
      ["N48-1", "valeur", 12, "Téléphones « grave danger » attribués ; œuvre"],
      ["N40-1", "non applicable", null, "Pas de BAR"],
      ["62-2.5-1", "valeur", 12.5, ""],
      ["62-2.5-2", "valeur", 0.1 + 0.2, ""],
    ];
    const bytes = writeXlsx(rows);
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // "PK": a zip
    expect(parseXlsx(bytes)).toEqual([
      ["indicateur", "état", "valeur", "commentaire"],
      ["N48-1", "valeur", "12", "Téléphones « grave danger » attribués ; œuvre"],
      ["N40-1", "non applicable", "", "Pas de BAR"],
      ["62-2.5-1", "valeur", "12.5", ""],
      ["62-2.5-2", "valeur", "0.3", ""],
    ]);
  });

  it("reads a large workbook synchronously (no Web Worker, unlike fflate's async zip)", () => {
    const rows: (string | number)[][] = [["indicateur", "état", "valeur", "commentaire"]];
    for (let i = 0; i < 12_000; i++)
      rows.push([`N${i}-1`, "valeur", i, `commentaire ${i} ${"x".repeat(20)}`]);
    const back = parseXlsx(writeXlsx(rows));
    expect(back).toHaveLength(12_001);
    expect(back[12_000]).toEqual(["N11999-1", "valeur", "11999", `commentaire 11999 ${"x".repeat(20)}`]);
  });

  it("refuses bytes that are not a workbook", () => {
    expect(() => parseXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toThrow(SpreadsheetError);
  });
});
