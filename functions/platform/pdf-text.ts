import type { PDFFont } from "pdf-lib";

/**
 * pdf-lib's standard fonts encode WinAnsi (Windows-1252): French text (é è à ç œ « » ’ —) renders,
 * but a character outside it throws ("WinAnsi cannot encode"). Everything drawn goes through
 * `winAnsiSafe` first: typographic spaces become a no-break space, dashes and arrows their ASCII
 * form, letters with unknown accents lose the accent, anything else becomes "?".
 */
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const extra = new Set(WIN_ANSI_EXTRA);

const REPLACEMENTS: Record<string, string> = {
  "\u202f": "\u00a0", // narrow no-break space (French number grouping, before « ; : ! ? »)
  "\u2009": " ",
  "\u2007": "\u00a0",
  "\u2002": " ",
  "\u2003": " ",
  "\u2008": " ",
  "\u200a": " ",
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2212": "-",
  "\u2192": "->",
  "\u2190": "<-",
  "\u2265": ">=",
  "\u2264": "<=",
  "\u2260": "!=",
  "\u2713": "v",
  "\u2714": "v",
  "\u200b": "",
  "\ufeff": "",
  "\t": " ",
};

export function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || extra.has(ch);
}

export function winAnsiSafe(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch];
    else {
      const bare = ch.normalize("NFD").replace(/\p{M}/gu, "");
      out += bare && [...bare].every(isWinAnsi) ? bare : "?";
    }
  }
  return out;
}

/** Splits text into lines no wider than `width` at `size` (a word longer than a line is cut). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/ +/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}
