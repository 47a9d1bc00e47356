import { MANDATORY_KINDS, type ReminderKind } from "../../shared/reminders";
import type { Mail } from "../platform/mailer";

export type ReminderForMail = {
  key: string;
  kind: ReminderKind;
  recipient: string;
  title: string;
  body: string;
  reason: string;
  link: string;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The reminder email, in French, text and HTML: what to do, the exact page, why the person gets
 * it, and (unless the kind is mandatory) a one-click unsubscribe link, also given as RFC 8058
 * `List-Unsubscribe` + `List-Unsubscribe-Post` headers for mail clients.
 */
export function reminderMail(r: ReminderForMail, origin: string, unsubscribeToken: string | null): Mail {
  const page = `${origin}${r.link}`;
  const mandatory = MANDATORY_KINDS.includes(r.kind);
  const unsubscribePage = unsubscribeToken
    ? `${origin}/desabonnement?jeton=${encodeURIComponent(unsubscribeToken)}`
    : null;
  const oneClick = unsubscribeToken
    ? `${origin}/api/v1/unsubscribe?token=${encodeURIComponent(unsubscribeToken)}`
    : null;
  const footer =
    mandatory || !unsubscribePage
      ? "Ce rappel est obligatoire et ne peut pas être désactivé."
      : `Pour ne plus recevoir ce type de rappel : ${unsubscribePage}`;
  const text = [
    "Bonjour,",
    "",
    r.body,
    "",
    `Pour agir : ${page}`,
    "",
    `Vous recevez ce message car ${r.reason}.`,
    footer,
    "",
    "— Maillage",
  ].join("\n");
  const html = [
    "<!doctype html>",
    '<html lang="fr"><body>',
    "<p>Bonjour,</p>",
    `<p>${escapeHtml(r.body)}</p>`,
    `<p><a href="${escapeHtml(page)}">Ouvrir la page dans Maillage</a></p>`,
    `<p>Vous recevez ce message car ${escapeHtml(r.reason)}.</p>`,
    mandatory || !unsubscribePage
      ? "<p>Ce rappel est obligatoire et ne peut pas être désactivé.</p>"
      : `<p><a href="${escapeHtml(unsubscribePage)}">Ne plus recevoir ce type de rappel</a></p>`,
    "<p>— Maillage</p>",
    "</body></html>",
  ].join("\n");
  return {
    to: r.recipient,
    subject: `[Maillage] ${r.title}`,
    text,
    html,
    idempotencyKey: `reminder:${r.key}`,
    ...(oneClick && !mandatory
      ? {
          headers: {
            "List-Unsubscribe": `<${oneClick}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          },
        }
      : {}),
  };
}
