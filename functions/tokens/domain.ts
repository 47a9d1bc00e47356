import { TOKEN_MAX_DAYS as MAX_DAYS, TOKEN_MIN_DAYS as MIN_DAYS } from "../../shared/tokens";
import { base64url, sha256Hex } from "../platform/ids";

export const TOKEN_PREFIX = "mlg_";
export const TOKEN_BYTES = 32;
export const DISPLAY_PREFIX_LENGTH = 8;
const DAY_MS = 86_400_000;

/** A new API token: the secret is shown once; only its SHA-256 and a display prefix are stored. */
export async function generateToken(): Promise<{ secret: string; hash: string; prefix: string }> {
  const secret = TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
  return { secret, hash: await sha256Hex(secret), prefix: displayPrefix(secret) };
}

export const displayPrefix = (secret: string) => secret.slice(0, DISPLAY_PREFIX_LENGTH);

export function expiryFrom(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
    throw new RangeError(`expiry must be ${MIN_DAYS}–${MAX_DAYS} days`);
  }
  return new Date(now.getTime() + days * DAY_MS);
}
