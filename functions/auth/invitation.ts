import { eq } from "drizzle-orm";
import type { Db } from "../platform/db";
import { sha256Hex } from "../platform/ids";
import { AUTH_BASE_PATH } from "./config";
import { normalizeEmail } from "./providers";
import { verificationTokens } from "./schema";

/** An invitation's sign-in link works once, within 7 days. */
export const INVITATION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationLink = {
  /** What the mail carries: Auth.js's own magic-link callback, on the configured origin. */
  url: string;
  /** What `verification_tokens.token` keeps: SHA-256 of token + secret, as Auth.js hashes it. */
  tokenHash: string;
  identifier: string;
  expires: Date;
};

/**
 * A magic link as Auth.js would create it (random token, stored hashed with the secret, opened at
 * /api/auth/callback/email), but valid 7 days instead of 15 minutes. Auth.js then consumes it like
 * any magic link: once, and the adapter refuses it past `expires` (by the app's clock too).
 */
export async function createInvitationLink(
  settings: { secret: string; origin: string },
  email: string,
  now: Date,
): Promise<InvitationLink> {
  const token = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  const identifier = normalizeEmail(email);
  const query = new URLSearchParams({ callbackUrl: `${settings.origin}/`, token, email: identifier });
  return {
    url: `${settings.origin}${AUTH_BASE_PATH}/callback/email?${query}`,
    tokenHash: await sha256Hex(`${token}${settings.secret}`),
    identifier,
    expires: new Date(now.getTime() + INVITATION_MAX_AGE_MS),
  };
}

export function insertVerificationToken(db: Db, link: InvitationLink) {
  return db
    .insert(verificationTokens)
    .values({ identifier: link.identifier, token: link.tokenHash, expires: link.expires });
}

/** Revokes a link not used yet (a used one is already gone). */
export function deleteVerificationToken(db: Db, tokenHash: string) {
  return db.delete(verificationTokens).where(eq(verificationTokens.token, tokenHash));
}
