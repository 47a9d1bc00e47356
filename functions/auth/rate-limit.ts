import type { Context } from "hono";
import type { AppEnv } from "../platform/context";
import { AppError } from "../platform/errors";
import { normalizeEmail } from "./providers";

export const rateLimited = () =>
  new AppError(429, "rate_limited", "Trop de tentatives de connexion. Réessayez dans une minute.", {
    headers: { "retry-after": "60" },
  });

/**
 * Sign-in throttling, per client IP and per e-mail address (when there is one). The limiter counts
 * per Cloudflare location: it slows down abuse, it is not an exact quota. Magic links are counted
 * where Auth.js sends them (config.ts), dev sign-in and the other providers where they start.
 */
export async function limitSignin(c: Context<AppEnv>, email: string | null | undefined) {
  const byIp = await c.env.SIGNIN_IP_LIMITER.limit({ key: clientIp(c) });
  if (!byIp.success) throw rateLimited();
  const key = email ? emailKey(email) : null;
  if (key) {
    const byEmail = await c.env.SIGNIN_EMAIL_LIMITER.limit({ key });
    if (!byEmail.success) throw rateLimited();
  }
}

/**
 * The caller's IP as Cloudflare's edge gives it. Without it (a request that did not come through
 * Cloudflare) every such client would share one bucket: refused outside development.
 */
function clientIp(c: Context<AppEnv>): string {
  const ip = c.req.header("cf-connecting-ip");
  if (ip) return ip;
  if (c.env.ENVIRONMENT === "development") return "unknown";
  throw new AppError(
    403,
    "client_ip_missing",
    "Connexion refusée : l'adresse IP du client est inconnue (requête hors du réseau Cloudflare).",
  );
}

function emailKey(email: string): string {
  try {
    return normalizeEmail(email);
  } catch {
    return email.trim().toLowerCase(); // Auth.js refuses it anyway; still count the attempt
  }
}
