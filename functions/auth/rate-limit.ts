import type { Context } from "hono";
import type { AppEnv } from "../platform/context";
import { AppError } from "../platform/errors";
import { normalizeEmail } from "./providers";

export const rateLimited = () =>
  new AppError(429, "rate_limited", "Trop de tentatives de connexion. Réessayez dans une minute.", {
    headers: { "retry-after": "60" },
  });

/**
 * Sign-in throttling, per client IP and per e-mail address (when the request names one). The
 * limiter counts per Cloudflare location: it slows down abuse, it is not an exact quota.
 */
export async function limitSignin(c: Context<AppEnv>, email: string | null | undefined) {
  const ip = c.req.header("cf-connecting-ip") ?? "unknown";
  const byIp = await c.env.SIGNIN_IP_LIMITER.limit({ key: ip });
  if (!byIp.success) throw rateLimited();
  const key = email ? emailKey(email) : null;
  if (key) {
    const byEmail = await c.env.SIGNIN_EMAIL_LIMITER.limit({ key });
    if (!byEmail.success) throw rateLimited();
  }
}

function emailKey(email: string): string {
  try {
    return normalizeEmail(email);
  } catch {
    return email.trim().toLowerCase(); // Auth.js refuses it anyway; still count the attempt
  }
}

/** The e-mail of an Auth.js sign-in POST (form or JSON), read from a copy so Auth.js still gets the body. */
export async function signinEmail(req: Request): Promise<string | null> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/x-www-form-urlencoded")) {
      return new URLSearchParams(new TextDecoder().decode(await req.clone().arrayBuffer())).get("email");
    }
    if (type.includes("application/json")) {
      const body = (await req.clone().json()) as { email?: unknown };
      return typeof body?.email === "string" ? body.email : null;
    }
  } catch {
    return null;
  }
  return null;
}
