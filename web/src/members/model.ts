import type { Member } from "../../../shared/organisation";

const parisDay = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Paris",
});

/** An instant as the day it was in Paris: "2 décembre 2026", "1er janvier 2027". */
export function parisDayOf(iso: string): string {
  return parisDay
    .formatToParts(new Date(iso))
    .map((p) => (p.type === "day" && p.value === "1" ? "1er" : p.value))
    .join("");
}

/** The sign-in column: the last sign-in, or that there was none yet and when the invitation left. */
export function signInStatus(m: Pick<Member, "lastSignInAt" | "invitationSentAt">): string {
  if (m.lastSignInAt) return `Dernière connexion le ${parisDayOf(m.lastSignInAt)}`;
  if (m.invitationSentAt)
    return `Pas encore de connexion (invitation envoyée le ${parisDayOf(m.invitationSentAt)})`;
  return "Pas encore de connexion";
}
