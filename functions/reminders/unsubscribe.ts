import { type ReminderKind, ReminderKindSchema } from "../../shared/reminders";
import { AppError } from "../platform/errors";
import { base64url } from "../platform/ids";

/**
 * One-click unsubscribe links: `<payload>.<signature>`, the payload (user, kind, expiry) in
 * base64url JSON, signed with HMAC-SHA-256 under AUTH_SECRET (a purpose prefix keeps this key
 * apart from Auth.js's uses of the secret). No sign-in needed; a changed byte or a past expiry is refused.
 */
export const UNSUBSCRIBE_DAYS = 60;

type Payload = { u: string; k: ReminderKind; e: number };

const encoder = new TextEncoder();
const keyOf = (secret: string) =>
  crypto.subtle.importKey(
    "raw",
    encoder.encode(`maillage-unsubscribe:${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replaceAll("-", "+").replaceAll("_", "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

export async function unsubscribeToken(secret: string, userId: string, kind: ReminderKind, now: Date) {
  const payload: Payload = {
    u: userId,
    k: kind,
    e: Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_DAYS * 86_400,
  };
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const signature = await crypto.subtle.sign("HMAC", await keyOf(secret), encoder.encode(body));
  return `${body}.${base64url(new Uint8Array(signature))}`;
}

const refused = (code: string, detail: string, status: 400 | 410 = 400) =>
  new AppError(status, code, detail, { errors: [{ in: "query", pointer: "/token", detail, code }] });

/** The user and kind of a valid link; 400 `unsubscribe_invalid` if tampered, 410 `unsubscribe_expired` if old. */
export async function verifyUnsubscribeToken(secret: string, token: string, now: Date) {
  const [body, signature, extra] = token.split(".");
  const invalidLink = () => refused("unsubscribe_invalid", "Ce lien de désabonnement n'est pas valide.");
  if (!body || !signature || extra !== undefined) throw invalidLink();
  let ok = false;
  try {
    ok = await crypto.subtle.verify(
      "HMAC",
      await keyOf(secret),
      fromBase64url(signature),
      encoder.encode(body),
    );
  } catch {
    ok = false;
  }
  if (!ok) throw invalidLink();
  const payload = JSON.parse(new TextDecoder().decode(fromBase64url(body))) as Payload;
  const kind = ReminderKindSchema.safeParse(payload.k);
  if (!kind.success || typeof payload.u !== "string" || typeof payload.e !== "number") throw invalidLink();
  if (payload.e * 1000 < now.getTime())
    throw refused(
      "unsubscribe_expired",
      "Ce lien de désabonnement a expiré : réglez vos préférences dans votre profil.",
      410,
    );
  return { userId: payload.u, kind: kind.data };
}
