import type { Mail } from "../platform/mailer";

export type InvitationForMail = {
  to: string;
  inviter: string;
  departmentName: string;
  departmentCode: string;
  /** The organisation the person enters data for; null for a prefecture user without one. */
  organisationName: string | null;
  url: string;
  expires: Date;
  origin: string;
  /** The n-th link sent for this membership: part of the idempotency key. */
  sends: number;
  membershipId: string;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const parisDay = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Paris",
});

/** "9 décembre 2026", "1er janvier 2027", in Paris time. */
export function frenchDay(date: Date): string {
  return parisDay
    .formatToParts(date)
    .map((p) => (p.type === "day" && p.value === "1" ? "1er" : p.value))
    .join("");
}

/**
 * The invitation, in French, text and HTML: who invites, to which département and organisation,
 * the sign-in link and how long it works. `logText` is what the mail log keeps outside
 * development: the same text with the link masked (a database reader must not sign in with it).
 */
export function invitationMail(i: InvitationForMail): Mail & { logText: string } {
  const place = `du département ${i.departmentName} (${i.departmentCode})`;
  const role = i.organisationName ? `pour le compte de ${i.organisationName}` : "pour la préfecture";
  const validity = `valable 7 jours, jusqu'au ${frenchDay(i.expires)}, utilisable une seule fois`;
  const signInPage = `${i.origin}/connexion`;
  const text = (link: string) =>
    [
      "Bonjour,",
      "",
      `${i.inviter} vous invite à rejoindre Maillage, l'espace de travail partagé ${place} contre les violences conjugales, sexistes et sexuelles, ${role}.`,
      "",
      `Pour vous connecter une première fois, ouvrez ce lien (${validity}) :`,
      "",
      link,
      "",
      `Ensuite, connectez-vous depuis ${signInPage} avec cette adresse : un lien de connexion vous est envoyé à chaque fois.`,
      "",
      "Si vous ne vous attendiez pas à cette invitation, ignorez ce message.",
      "",
      "— Maillage",
    ].join("\n");
  const html = [
    "<!doctype html>",
    '<html lang="fr"><body>',
    "<p>Bonjour,</p>",
    `<p>${escapeHtml(i.inviter)} vous invite à rejoindre Maillage, l'espace de travail partagé ${escapeHtml(place)} contre les violences conjugales, sexistes et sexuelles, ${escapeHtml(role)}.</p>`,
    `<p><a href="${escapeHtml(i.url)}">Se connecter à Maillage</a> (lien ${escapeHtml(validity)}).</p>`,
    `<p>Ensuite, connectez-vous depuis <a href="${escapeHtml(signInPage)}">la page de connexion</a> avec cette adresse : un lien de connexion vous est envoyé à chaque fois.</p>`,
    "<p>Si vous ne vous attendiez pas à cette invitation, ignorez ce message.</p>",
    "<p>— Maillage</p>",
    "</body></html>",
  ].join("\n");
  const url = new URL(i.url);
  return {
    to: i.to,
    subject: `Invitation à Maillage — ${i.departmentName} (${i.departmentCode})`,
    text: text(i.url),
    html,
    idempotencyKey: `invitation:${i.membershipId}:${i.sends}`,
    logText: text(`${url.origin}${url.pathname} [lien masqué]`),
  };
}
