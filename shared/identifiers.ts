/**
 * Validators of French administrative identifiers, shared by the API and the web UI.
 * Each returns `null` when the value is valid, or a French message saying what is wrong.
 * They expect a normalised value (see `compactIdentifier`): no spaces, upper case.
 * This file has no imports so that Node scripts (the seed) can load it as is.
 */

/** Removes the spaces, dots and dashes people type in identifiers ("123 456 789 00012") and upper-cases letters. */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s.\u00a0-]/g, "").toUpperCase();
}

/** Luhn checksum (ISO/IEC 7812), used by SIREN and SIRET. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Appends the digit that makes `digits` Luhn-valid (to build test and demo identifiers). */
export function withLuhnKey(digits: string): string {
  for (let key = 0; key <= 9; key++) {
    if (luhnValid(`${digits}${key}`)) return `${digits}${key}`;
  }
  throw new Error("unreachable");
}

/** SIREN of La Poste: its establishments' SIRETs do not follow Luhn (see `siretError`). */
export const LA_POSTE_SIREN = "356000000";

export function sirenError(value: string): string | null {
  if (!/^\d{9}$/.test(value)) return "Le SIREN doit comporter 9 chiffres.";
  if (!luhnValid(value)) return "Ce SIREN n'est pas valide (clé de contrôle incorrecte).";
  return null;
}

export function siretError(value: string): string | null {
  if (!/^\d{14}$/.test(value)) return "Le SIRET doit comporter 14 chiffres.";
  if (luhnValid(value)) return null;
  // La Poste numbers its many establishments with a different key: the sum of the digits is a multiple of 5.
  if (value.startsWith(LA_POSTE_SIREN)) {
    const sum = [...value].reduce((s, d) => s + Number(d), 0);
    if (sum % 5 === 0) return null;
  }
  return "Ce SIRET n'est pas valide (clé de contrôle incorrecte).";
}

/**
 * RNA number (Répertoire national des associations): "W" then 9 characters — the 3-character code
 * of the registry (greffe) that recorded the association, then a 6-digit sequence number. Registry
 * codes are digits except Corsica's ("2A…", "2B…"), hence letters in second/third place.
 * Examples: W622012345, W595012345, W2A1001234.
 */
export function rnaError(value: string): string | null {
  if (!/^W/.test(value)) return "Le numéro RNA commence par la lettre W.";
  if (value.length !== 10)
    return "Le numéro RNA comporte la lettre W suivie de 9 chiffres (2A ou 2B possibles pour la Corse).";
  if (!/^W\d[\dA-Z]{2}\d{6}$/.test(value))
    return "Le numéro RNA n'est pas valide : W, le code du greffe (3 caractères), puis 6 chiffres.";
  return null;
}

/**
 * INSEE code of a commune: 5 characters, the département then a number within it —
 * 2 digits + 3 for metropolitan France ("62041"), "2A"/"2B" + 3 for Corsica ("2A004"),
 * 97x/98x + 2 overseas ("97411").
 */
export function inseeCodeError(value: string): string | null {
  if (value.length !== 5) return "Le code INSEE d'une commune comporte 5 caractères.";
  if (/^2[AB]\d{3}$/.test(value)) return null;
  if (!/^\d{5}$/.test(value)) return "Le code INSEE ne contient que des chiffres (ou 2A/2B pour la Corse).";
  const dept = value.slice(0, 2);
  if (dept === "00" || dept === "20" || dept === "96")
    return "Le code INSEE ne correspond à aucun département (la Corse s'écrit 2A ou 2B).";
  if (dept === "99") return "Le code INSEE 99… désigne un pays étranger, pas une commune.";
  return null;
}

/** The département code of an INSEE commune code ("62041" → "62", "97411" → "974", "2A004" → "2A"). */
export function departmentOfInseeCode(inseeCode: string): string {
  return inseeCode.startsWith("97") || inseeCode.startsWith("98")
    ? inseeCode.slice(0, 3)
    : inseeCode.slice(0, 2);
}
