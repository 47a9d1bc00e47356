import { describe, expect, it } from "vitest";
import { CsvError, detectEncoding, detectSeparator, parseCsv, parseCsvText, toCsv } from "./csv";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("parseCsv", () => {
  it("reads ; separated UTF-8 with a BOM and CRLF", () => {
    expect(parseCsv(bytes("\ufeffindicateur;valeur\r\nN48-1;12,5\r\n"))).toEqual([
      ["indicateur", "valeur"],
      ["N48-1", "12,5"],
    ]);
  });

  it("reads , separated UTF-8 without BOM and LF", () => {
    expect(parseCsv(bytes("indicateur,valeur\nN48-1,12\n"))).toEqual([
      ["indicateur", "valeur"],
      ["N48-1", "12"],
    ]);
  });

  it("prefers ; when the header holds both", () => {
    expect(detectSeparator("a;b,c\n")).toBe(";");
    expect(detectSeparator('"a;b",c\n')).toBe(",");
  });

  it("reads quoted fields with separators, quotes and line breaks", () => {
    const text =
      'indicateur;commentaire\r\nN48-1;"Deux lignes\r\net un ; point-virgule, « guillemets » ""doubles"""\r\n';
    expect(parseCsvText(text)).toEqual([
      ["indicateur", "commentaire"],
      ["N48-1", 'Deux lignes\r\net un ; point-virgule, « guillemets » "doubles"'],
    ]);
  });

  it("keeps empty fields and drops trailing blank lines", () => {
    expect(parseCsvText("a;b;c\n;;\nx;;z\n\n;;\n")).toEqual([
      ["a", "b", "c"],
      ["", "", ""],
      ["x", "", "z"],
    ]);
  });

  it("reads a last line without a line end", () => {
    expect(parseCsvText("a;b\n1;2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("refuses an unclosed quote and a binary file, in French", () => {
    expect(() => parseCsvText('a;b\n1;"oops\n')).toThrow(CsvError);
    expect(() => parseCsv(new Uint8Array([0x61, 0x3b, 0x00, 0x0a]))).toThrow(/n'est pas un fichier texte/);
  });

  it("reads French Excel's default « CSV (séparateur : point-virgule) », in Windows-1252", () => {
    // é 0xE9, ô 0xF4, ’ 0x92, – 0x96, € 0x80, œ 0x9C: the last four exist in Windows-1252 only, not Latin-1.
    const cp1252: Record<string, number> = { é: 0xe9, ô: 0xf4, "’": 0x92, "–": 0x96, "€": 0x80, œ: 0x9c };
    const text = "indicateur;état;valeur;commentaire\r\nN48-1;;12;Hôpital d’Arras – 40 € œuvre\r\n";
    const file = new Uint8Array([...text].map((ch) => cp1252[ch] ?? ch.charCodeAt(0)));
    expect(detectEncoding(file)).toBe("windows-1252");
    expect(parseCsv(file)).toEqual([
      ["indicateur", "état", "valeur", "commentaire"],
      ["N48-1", "", "12", "Hôpital d’Arras – 40 € œuvre"],
    ]);
    // The same text in UTF-8 (with or without BOM) stays UTF-8.
    expect(detectEncoding(new TextEncoder().encode(text))).toBe("utf-8");
  });

  it("reads Excel's « Texte Unicode » (UTF-16 with BOM)", () => {
    const text = "indicateur\tvaleur\r\nN48-1\t12\r\n";
    const file = new Uint8Array(2 + text.length * 2);
    file.set([0xff, 0xfe]);
    for (const [i, ch] of [...text].entries()) file.set([ch.charCodeAt(0), 0], 2 + i * 2);
    expect(parseCsv(file)).toEqual([
      ["indicateur", "valeur"],
      ["N48-1", "12"],
    ]);
  });
});

describe("toCsv", () => {
  it("writes a BOM, ; and CRLF, quoting only what needs it", () => {
    const out = toCsv([
      ["indicateur", "commentaire"],
      ["N48-1", 'a;b "c"'],
      ["N40-1", "simple"],
    ]);
    expect(Array.from(out.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(out.slice(3))).toBe(
      'indicateur;commentaire\r\nN48-1;"a;b ""c"""\r\nN40-1;simple\r\n',
    );
  });

  it("round-trips through parseCsv", () => {
    const rows = [
      ["a", "b", "c"],
      ["1,5", "ligne\nsuivante", " espace "],
      ["", "", "é œ «»"],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});
