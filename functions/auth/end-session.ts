import { decode, encode } from "@auth/core/jwt";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../platform/context";
import { AppError } from "../platform/errors";
import { base64url, sha256Hex } from "../platform/ids";
import { sameOrigin } from "../platform/same-origin";
import {
  AUTH_BASE_PATH,
  AUTH_PAGES,
  canonicalOrigin,
  deleteSession,
  receivedIdTokens,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
} from "./config";
import { proConnectSettings } from "./providers";

/**
 * The ID token of a ProConnect sign-in, kept for RP-initiated logout. It lives in the browser that
 * signed in, not in the database: encrypted with AUTH_SECRET (as Auth.js does its own cookies),
 * bound to the session it came with, sent only to /api/auth, dropped at sign-out.
 */
export const PROCONNECT_ID_TOKEN_COOKIE = "__Secure-maillage.proconnect-id-token";
const DISCOVERY_TIMEOUT_MS = 5_000;

type EndSession = {
  /** Where the browser goes next: ProConnect's end-session endpoint, or null to stay on Maillage. */
  redirect: string | null;
  /** The session came from ProConnect but its end-session endpoint could not be found. */
  proconnectUnavailable: boolean;
};

/** Around the ProConnect callback: a sign-in that opened a session leaves its ID token beside it. */
export const keepIdToken = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const idToken = receivedIdTokens.get(c);
    const sessionToken = sessionCookieSetBy(c.res);
    if (!idToken || !sessionToken) return;
    const value = await encode({
      token: { idToken, session: await sha256Hex(sessionToken) },
      secret: c.env.AUTH_SECRET,
      salt: PROCONNECT_ID_TOKEN_COOKIE,
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
    setCookie(c, PROCONNECT_ID_TOKEN_COOKIE, value, {
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
      path: AUTH_BASE_PATH,
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
  });

/** After Auth.js's own sign-out (which ends only the Maillage session), the ID token goes too. */
export const dropIdToken = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const signedOut = sessionCookieSetBy(c.res) === "";
    if (signedOut && getCookie(c, PROCONNECT_ID_TOKEN_COOKIE) !== undefined) {
      deleteCookie(c, PROCONNECT_ID_TOKEN_COOKIE, { path: AUTH_BASE_PATH, secure: true });
    }
  });

/**
 * POST /api/auth/end-session, the web UI's sign-out: deletes the session like Auth.js's signout,
 * then, for a session opened through ProConnect, answers the URL that ends the ProConnect session
 * too (OpenID Connect RP-initiated logout). Same-origin only, like every cookie write.
 */
export async function endSession(c: Context<AppEnv>) {
  if (!sameOrigin(c.req.raw)) {
    throw new AppError(403, "csrf_failed", "Requête refusée : elle ne provient pas de Maillage.");
  }
  const sessionToken = getCookie(c, SESSION_COOKIE);
  const idToken = sessionToken ? await idTokenOf(c, sessionToken) : null;
  if (sessionToken) await deleteSession(c.get("db"), sessionToken);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
  if (getCookie(c, PROCONNECT_ID_TOKEN_COOKIE) !== undefined) {
    deleteCookie(c, PROCONNECT_ID_TOKEN_COOKIE, { path: AUTH_BASE_PATH, secure: true });
  }
  if (!idToken) return c.json<EndSession>({ redirect: null, proconnectUnavailable: false });

  const settings = proConnectSettings(c.env);
  const endpoint = settings ? await endSessionEndpoint(settings.issuer) : null;
  if (!endpoint) {
    console.warn(
      JSON.stringify({
        level: "warn",
        requestId: c.get("requestId"),
        message: "ProConnect end_session_endpoint unavailable: signed out of Maillage only",
      }),
    );
    return c.json<EndSession>({ redirect: null, proconnectUnavailable: true });
  }
  const url = new URL(endpoint);
  url.searchParams.set("id_token_hint", idToken);
  // ProConnect requires a state; nothing resumes from it after logout, so it is not checked on return.
  url.searchParams.set("state", base64url(crypto.getRandomValues(new Uint8Array(32))));
  url.searchParams.set("post_logout_redirect_uri", postLogoutRedirectUri(c));
  return c.json<EndSession>({ redirect: url.href, proconnectUnavailable: false });
}

/** Maillage's sign-in page on the configured origin (AUTH_URL), never on one a client header names. */
export function postLogoutRedirectUri(c: Context<AppEnv>): string {
  return new URL(AUTH_PAGES.signIn, canonicalOrigin(c.env)).href;
}

/** The ID token kept with this session, if the session was opened through ProConnect. */
async function idTokenOf(c: Context<AppEnv>, sessionToken: string): Promise<string | null> {
  const value = getCookie(c, PROCONNECT_ID_TOKEN_COOKIE);
  if (!value) return null;
  try {
    const payload = await decode({
      token: value,
      secret: c.env.AUTH_SECRET,
      salt: PROCONNECT_ID_TOKEN_COOKIE,
    });
    if (payload?.session !== (await sha256Hex(sessionToken))) return null;
    return typeof payload.idToken === "string" ? payload.idToken : null;
  } catch {
    return null; // expired, or encrypted with a former secret
  }
}

// http(s) only: the UI assigns this URL to window.location.
const Discovery = z.object({ issuer: z.string(), end_session_endpoint: z.url({ protocol: /^https?$/ }) });

/** ProConnect's end-session endpoint from its discovery document; null when it cannot be had in time. */
export async function endSessionEndpoint(
  issuer: string,
  timeoutMs = DISCOVERY_TIMEOUT_MS,
): Promise<string | null> {
  const base = new URL(issuer);
  const url = new URL(`${base.pathname.replace(/\/$/, "")}/.well-known/openid-configuration`, base);
  try {
    const res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return null;
    const parsed = Discovery.safeParse(await res.json());
    // Same rule as sign-in (oauth4webapi): the document must be the configured issuer's.
    if (!parsed.success || parsed.data.issuer !== issuer) return null;
    return parsed.data.end_session_endpoint;
  } catch {
    return null;
  }
}

/** The session cookie value an Auth.js answer sets ("" when it clears it), undefined if it leaves it alone. */
function sessionCookieSetBy(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
