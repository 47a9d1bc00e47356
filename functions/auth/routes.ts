import { authHandler, initAuthConfig } from "@hono/auth-js";
import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../platform/context";
import { AppError, fieldErrorsFromZod, invalid, notFound } from "../platform/errors";
import {
  buildAuthConfig,
  createSession,
  deleteSession,
  findUserByEmail,
  isDevelopment,
  SESSION_COOKIE,
} from "./config";
import { dropIdToken, endSession, keepIdToken } from "./end-session";
import { sameOrigin } from "./principal";
import { limitSignin, signinEmail } from "./rate-limit";

/** Answers exactly like an unknown API path outside development. */
export const developmentOnly = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!isDevelopment(c.env)) throw notFound("Cette adresse d'API n'existe pas.");
    await next();
  });

const DevSignin = z.object({ email: z.string().trim().max(320).pipe(z.email()) });

/**
 * Auth.js endpoints (/api/auth/*): sign-in by magic link or ProConnect, sign-out, and dev sign-in;
 * plus /end-session, the web UI's sign-out, which also ends a ProConnect session.
 */
export const authRoutes = new Hono<AppEnv>()
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
    // Without AUTH_URL, Auth.js takes the origin of the links it mails from X-Forwarded-Host/Proto:
    // a client must not choose where a genuine sign-in link points.
    if (c.req.header("x-forwarded-host") !== undefined || c.req.header("x-forwarded-proto") !== undefined) {
      const headers = new Headers(c.req.raw.headers);
      headers.delete("x-forwarded-host");
      headers.delete("x-forwarded-proto");
      c.req.raw = new Request(c.req.raw, { headers });
    }
    await next();
  })
  .post("/end-session", endSession)
  .use(
    "*",
    initAuthConfig((c) => buildAuthConfig(c as Context<AppEnv>)),
  )
  .use("/signin/*", async (c, next) => {
    if (c.req.method === "POST") await limitSignin(c, await signinEmail(c.req.raw));
    await next();
  })
  .use("/callback/proconnect", keepIdToken())
  .use("/signout", dropIdToken())
  .use("*", authHandler());

function setSessionCookie(c: Context<AppEnv>, token: string, expires: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    expires,
  });
}
