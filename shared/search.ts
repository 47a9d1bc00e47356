/**
 * The one normalisation of names for searching: what is stored in the `search_name` columns
 * (communes, EPCIs, organisations) and what a typed query is turned into before comparing.
 * This file has no imports so that Node scripts (the seed) can load it as is.
 */

/**
 * Lower case without accents, ligatures spelt out, and any run of characters that are neither
 * letters nor digits (hyphens, apostrophes, spaces, dots, `%`, `_`…) as one space:
 * "Saint-Omer" → "saint omer", "L'Écluse" → "l ecluse", "Cœuvres" → "coeuvres".
 * The result has only letters, digits and single inner spaces, so it is safe in LIKE and GLOB
 * patterns without escaping.
 */
export function searchKey(text: string): string {
  return (
    text
      // Lower case first: upper-case letters such as "İ" turn into a letter plus a combining mark.
      .toLowerCase()
      // Compatibility decomposition also spells out "ﬁ", "²", full-width letters…
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      // Not decomposed by Unicode: spelt out as French writes them without the ligature.
      .replaceAll("œ", "oe")
      .replaceAll("æ", "ae")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
  );
}

/** Longest search text accepted by the API (`q`): longer answers 422 pointing at `q`. */
export const SEARCH_MAX_LENGTH = 100;
export const SEARCH_TOO_LONG = `La recherche ne doit pas dépasser ${SEARCH_MAX_LENGTH} caractères.`;
