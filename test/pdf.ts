import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from "pdf-lib";

/**
 * The text drawn on a PDF's pages, as pdf-lib writes it with its standard fonts: hex strings
 * (`<…> Tj`) of WinAnsi codes inside Flate-compressed content streams. Enough to read back what
 * Maillage's summaries say; not a general PDF text extractor.
 */
const WIN_ANSI_80_9F: Record<number, string> = {
  128: "€",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  142: "Ž",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  158: "ž",
  159: "Ÿ",
};

const winAnsi = (bytes: number[]) => bytes.map((b) => WIN_ANSI_80_9F[b] ?? String.fromCharCode(b)).join("");

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => doc.context.lookup(ref as PDFRef))
        : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const ops = new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode());
      for (const m of ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        const hex = m[1] ?? "";
        const codes = Array.from({ length: hex.length / 2 }, (_, i) =>
          Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16),
        );
        lines.push(winAnsi(codes));
      }
    }
  }
  return lines;
}
