import { authHandler, initAuthConfig } from "@hono/auth-js";
import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../platform/context";
import { AppError, fieldErrorsFromZod, invalid, notFound } from "../platform/errors";
import { sameOrigin } from "../platform/same-origin";
import {
  buildAuthConfig,
  canonicalOrigin,
  createSession,
  deleteSession,
  findUserByEmail,
  isDevelopment,
  SESSION_COOKIE,
  sendAfterAnswer,
  signinRefusals,
} from "./config";
import { dropIdToken, endSession, keepIdToken } from "./end-session";
import { limitSignin } from "./rate-limit";

/** Answers exactly like an unknown API path outside development. */
export const developmentOnly = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!isDevelopment(c.env)) throw notFound("Cette adresse d'API n'existe pas.");
    await next();
  });

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The development server answers only to local host names (and AUTH_URL's): a web page on another
 * name resolving to 127.0.0.1 (DNS rebinding) cannot read the outbox or use dev sign-in.
 */
export const developmentHostOnly = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (isDevelopment(c.env)) {
      const names = [new URL(c.req.url).hostname];
      const host = c.req.header("host");
      if (host !== undefined) names.push(hostnameOf(host));
      const allowed = (name: string) =>
        LOCAL_HOSTS.has(name) || name === new URL(canonicalOrigin(c.env)).hostname;
      if (!names.every(allowed)) {
        throw new AppError(
          421,
          "misdirected_request",
          "Le serveur de développement ne répond qu'à localhost et 127.0.0.1.",
        );
      }
    }
    await next();
  });

function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return host;
  }
}

/**
 * The /api/auth paths in use, by method; segments are lower-case words only, so an empty segment,
 * `..`, an encoded slash or a trailing slash never reaches Auth.js (which reads
 * `/api/auth//signin/email` as `/signin/email`, past any middleware mounted on `/signin/*`).
 */
const AUTH_PATHS: Record<string, RegExp> = {
  GET: /^\/api\/auth\/(?:providers|session|csrf|signout|verify-request|error|(?:signin|callback)(?:\/[a-z0-9-]+)?)$/,
  POST: /^\/api\/auth\/(?:signout|session|dev-signin|end-session|(?:signin|callback)\/[a-z0-9-]+)$/,
};

const canonicalAuthPath = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!AUTH_PATHS[c.req.method]?.test(path)) throw notFound("Cette adresse d'API n'existe pas.");
    await next();
  });

const DevSignin = z.object({ email: z.string().trim().max(320).pipe(z.email()) });

/** Auth.js's handler, its answers turned into problem+json when they are errors. */
const auth = authHandler();
async function authJs(c: Context<AppEnv>) {
  c.req.raw = await formAsJson(c.req.raw);
  const res = (await auth(c, async () => {})) as Response;
  const refused = signinRefusals.get(c);
  if (refused) throw refused;
  await sendAfterAnswer(c);
  if (res.status >= 400 && !res.headers.get("content-type")?.includes("application/problem+json")) {
    if (res.status >= 500) throw new Error(`Auth.js answered ${res.status}: ${await res.text()}`);
    throw new AppError(
      res.status === 400 ? 400 : 404,
      res.status === 400 ? "bad_request" : "not_found",
      res.status === 400 ? "Requête de connexion invalide." : "Cette adresse d'API n'existe pas.",
    );
  }
  return res;
}

/**
 * A form body Auth.js would read (its getBody: a POST whose Content-Type includes the form type but
 * not "application/json", parsed as `Object.fromEntries(new URLSearchParams(await req.text()))`),
 * handed over as the same object in JSON: workerd warns on every `.text()` of a form body. Any
 * other request goes through as it is.
 */
export async function formAsJson(req: Request): Promise<Request> {
  const type = req.headers.get("content-type");
  if (
    req.method !== "POST" ||
    !req.body ||
    !type?.includes("application/x-www-form-urlencoded") ||
    type.includes("application/json")
  ) {
    return req;
  }
  const text = new TextDecoder().decode(await req.arrayBuffer());
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  const body = JSON.stringify(Object.fromEntries(new URLSearchParams(text)));
  return new Request(req.url, { method: req.method, headers, body, redirect: req.redirect });
}

/**
 * Auth.js endpoints (/api/auth/*): sign-in by magic link or ProConnect, sign-out, and dev sign-in;
 * plus /end-session, the web UI's sign-out, which also ends a ProConnect session.
 */
export const authRoutes = new Hono<AppEnv>()
  .use("*", canonicalAuthPath())
  /**
   * Development only: signs in as an existing user without a mail round-trip, with the same
   * database session and cookie as Auth.js. Same-origin only, so another site cannot log a
   * browser into someone else's account (login CSRF).
   */
  .post("/dev-signin", developmentOnly(), async (c) => {
    if (!sameOrigin(c.req.raw)) {
      throw new AppError(403, "csrf_failed", "Requête refusée : elle ne provient pas de Maillage.");
    }
    const parsed = DevSignin.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error, "body"));
    await limitSignin(c, parsed.data.email);
    const db = c.get("db");
    const user = await findUserByEmail(db, parsed.data.email);
    if (!user) {
      throw invalid([
        {
          in: "body",
          pointer: "/email",
          detail: "Aucun utilisateur avec cette adresse.",
          code: "unknown_user",
        },
      ]);
    }
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await deleteSession(db, previous);
    const session = await createSession(db, user.id, c.get("clock").now());
    setSessionCookie(c, session.sessionToken, session.expires);
    return c.body(null, 204);
  })
  .use("*", async (c, next) => {
    // Auth.js builds the links it mails and its redirects on the request's origin (or on
    // X-Forwarded-Host/Proto): it gets the configured one, whatever Host the client sent.
    const url = new URL(c.req.url);
    const canonical = new URL(`${url.pathname}${url.search}`, canonicalOrigin(c.env));
    const headers = new Headers(c.req.raw.headers);
    headers.delete("x-forwarded-host");
    headers.delete("x-forwarded-proto");
    const { method, body, redirect } = c.req.raw;
    c.req.raw = new Request(canonical, { method, headers, body, redirect });
    await next();
  })
  .post("/end-session", endSession)
  .use(
    "*",
    initAuthConfig((c) => buildAuthConfig(c as Context<AppEnv>)),
  )
  .use("/signin/:provider", async (c, next) => {
    // Magic links count where they are sent (config.ts); other providers where they start.
    if (c.req.method === "POST" && c.req.param("provider") !== "email") await limitSignin(c, null);
    await next();
  })
  .use("/callback/proconnect", keepIdToken())
  .use("/signout", dropIdToken())
  .all("*", authJs);

function setSessionCookie(c: Context<AppEnv>, token: string, expires: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    expires,
  });
}
