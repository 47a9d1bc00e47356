import type { Adapter } from "@auth/core/adapters";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { AuthConfig } from "@hono/auth-js";
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Clock } from "../platform/clock";
import type { AppEnv } from "../platform/context";
import type { Db } from "../platform/db";
import { AppError } from "../platform/errors";
import { base64url, sha256Hex } from "../platform/ids";
import { emailProvider, magicLinkMail, proConnectProvider, proConnectSettings } from "./providers";
import { limitSignin } from "./rate-limit";
import { accounts, sessions, users, verificationTokens } from "./schema";

export const AUTH_BASE_PATH = "/api/auth";
/**
 * `__Host-`: the browser accepts it only with Secure, Path=/ and no Domain, so neither a sibling
 * subdomain nor a plain-HTTP page can plant or shadow it (browsers accept Secure cookies on
 * http://localhost too).
 */
export const SESSION_COOKIE = "__Host-authjs.session-token";
/** Idle limit (Auth.js's maxAge) and absolute lifetime of a session: 7 days from sign-in, used or not. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
const SESSION_LIFETIME_MS = SESSION_MAX_AGE_SECONDS * 1000;

/**
 * Auth.js sends browsers to the web UI's sign-in page, with `?error=<type>` on failure. The UI
 * posts with `X-Auth-Return-Redirect: 1` and shows "check your inbox" itself.
 */
export const AUTH_PAGES = { signIn: "/connexion", verifyRequest: "/connexion", error: "/connexion" };

export const isDevelopment = (env: { ENVIRONMENT?: string }) => env.ENVIRONMENT === "development";

/**
 * The origin sign-in links and redirects are built on: `AUTH_URL` (wrangler.toml, `.dev.vars`),
 * never the request's Host or X-Forwarded-* headers.
 */
export function canonicalOrigin(env: { AUTH_URL?: string }): string {
  if (!env.AUTH_URL) throw new Error("AUTH_URL is not set");
  return new URL(env.AUTH_URL).origin;
}

/** Sign-in is for people already invited: e-mails are compared without case. */
export async function findUserByEmail(db: Db, email: string | null | undefined) {
  if (!email) return null;
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

/**
 * The drizzle adapter on the app's tables, with these changes: e-mail lookups ignore case, it
 * never creates users (people are invited as members first), and sessions are stored by the
 * SHA-256 of their token (the cookie holds the token) and end 7 days after creation whatever
 * Auth.js asks (it slides `expires` on use).
 */
export function authAdapter(db: Db, clock: Clock): Adapter {
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    getUserByEmail: (email) => findUserByEmail(db, email),
    createUser: () => {
      throw new Error("sign-in never creates users");
    },
    async createSession({ sessionToken, userId }) {
      const created = await insertSession(db, sessionToken, userId, clock.now());
      return { sessionToken, userId, expires: created.expires };
    },
    async getSessionAndUser(sessionToken) {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.sessionToken, await sha256Hex(sessionToken)));
      if (!row) return null;
      const { session, user } = row;
      return { session: { sessionToken, userId: session.userId, expires: cappedExpiry(session) }, user };
    },
    async updateSession({ sessionToken, expires }) {
      // Auth.js only ever moves `expires`; without one there is nothing to write.
      if (!expires) return null;
      const [row] = await db
        .update(sessions)
        .set({ expires: sql`min(${expires.getTime()}, ${sessions.createdAt} + ${SESSION_LIFETIME_MS})` })
        .where(eq(sessions.sessionToken, await sha256Hex(sessionToken)))
        .returning();
      return row ? { sessionToken, userId: row.userId, expires: row.expires } : null;
    },
    async deleteSession(sessionToken) {
      await deleteSession(db, sessionToken);
    },
    async useVerificationToken(params) {
      // Auth.js compares `expires` with the machine's time; the app's clock decides too (tests).
      const token = await base.useVerificationToken?.(params);
      if (!token || token.expires.getTime() < clock.now().getTime()) return null;
      return token;
    },
  };
}

const cappedExpiry = (s: { expires: Date; createdAt: Date }) =>
  new Date(Math.min(s.expires.getTime(), s.createdAt.getTime() + SESSION_LIFETIME_MS));

/**
 * ID tokens received by a request's ProConnect callback, until the callback answers: end-session.ts
 * then keeps the token beside the new session for RP-initiated logout.
 */
export const receivedIdTokens = new WeakMap<Context, string>();

/**
 * Sign-in refusals raised where a magic link is sent (rate limits): Auth.js turns any error into a
 * redirect to its error page, so routes.ts answers these itself once Auth.js returns.
 */
export const signinRefusals = new WeakMap<Context, AppError>();

/** The Auth.js configuration, built per request: the adapter and the mailer come from this request's bindings. */
export function buildAuthConfig(c: Context<AppEnv>): AuthConfig {
  const db = c.get("db");
  const proconnect = proConnectSettings(c.env);
  return {
    secret: c.env.AUTH_SECRET,
    basePath: AUTH_BASE_PATH,
    trustHost: true,
    useSecureCookies: true,
    cookies: {
      sessionToken: {
        name: SESSION_COOKIE,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
      },
    },
    adapter: authAdapter(db, c.get("clock")),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: AUTH_PAGES,
    providers: [
      emailProvider((mail) => sendMagicLink(c, mail), c.env.MAIL_FROM),
      ...(proconnect ? [proConnectProvider(proconnect)] : []),
    ],
    callbacks: {
      async signIn({ user, email }) {
        // A magic link is asked for: known and unknown addresses go down the same path (token,
        // rate limits, answer) so neither the answer nor its timing tells them apart; only
        // sendMagicLink, after the answer, mails known ones.
        if (email?.verificationRequest) return true;
        return (await findUserByEmail(db, user.email)) !== null;
      },
    },
    events: {
      signIn({ account }) {
        if (account?.provider === "proconnect" && typeof account.id_token === "string") {
          receivedIdTokens.set(c, account.id_token);
        }
      },
    },
    logger: {
      warn(code) {
        // AUTH_URL is read by @hono/auth-js too; basePath is set here on purpose.
        if (code !== "env-url-basepath-redundant")
          console.warn(JSON.stringify({ level: "warn", authjs: code }));
      },
      error(error) {
        // A refused sign-in is answered as such by routes.ts: not a server error.
        if (signinRefusals.has(c)) return;
        console.error(
          JSON.stringify({ level: "error", requestId: c.get("requestId"), error: String(error) }),
        );
      },
    },
  };
}

/**
 * Where Auth.js sends a magic link, for every address asked (it has already normalised it):
 * the per-IP and per-address limits count here, so no route shape or body encoding escapes them.
 * The mail itself waits for the answer (`sendAfterAnswer`), and goes only to an invited user; the
 * database keeps the link only in development (the outbox), masked elsewhere.
 */
async function sendMagicLink(c: Context<AppEnv>, { identifier, url }: { identifier: string; url: string }) {
  try {
    await limitSignin(c, identifier);
  } catch (error) {
    if (error instanceof AppError) signinRefusals.set(c, error);
    throw error;
  }
  const db = c.get("db");
  const mailer = c.get("mailer");
  const development = isDevelopment(c.env);
  pendingMails.set(c, async () => {
    try {
      if (!(await findUserByEmail(db, identifier))) return;
      const mail = magicLinkMail(url);
      await mailer.send({ to: identifier, ...mail, logText: development ? undefined : mail.logText });
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "error",
          requestId: c.get("requestId"),
          message: "magic link not sent",
          error: String(error),
        }),
      );
    }
  });
}

const pendingMails = new WeakMap<Context, () => Promise<void>>();

/**
 * Once Auth.js has answered, the magic link of this request (if any) is sent without delaying the
 * answer (`waitUntil`): a known address, which gets a mail, answers as fast as an unknown one.
 * Without an execution context (app.fetch in some tests) it is awaited.
 */
export async function sendAfterAnswer(c: Context<AppEnv>) {
  const send = pendingMails.get(c);
  if (!send) return;
  pendingMails.delete(c);
  let ctx: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  // The timer lets the answer leave first: under `wrangler dev` the local D1 write of the mail
  // log otherwise delays the answer it runs beside (measured: +17–25 ms for known addresses).
  if (ctx) ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 0)).then(send));
  else await send();
}

/**
 * A session row for `sessionToken` (stored hashed), ending 7 days after `now`; the user's last
 * sign-in becomes `now` (the members list shows it).
 */
async function insertSession(db: Db, sessionToken: string, userId: string, now: Date) {
  const expires = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.batch([
    db
      .insert(sessions)
      .values({ sessionToken: await sha256Hex(sessionToken), userId, expires, createdAt: now }),
    db.update(users).set({ lastSignInAt: now.toISOString() }).where(eq(users.id, userId)),
  ]);
  return { expires };
}

/** Used by dev sign-in: the session Auth.js would create. */
export async function createSession(db: Db, userId: string, now: Date) {
  const sessionToken = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const { expires } = await insertSession(db, sessionToken, userId, now);
  return { sessionToken, expires };
}

export async function deleteSession(db: Db, sessionToken: string) {
  await db.delete(sessions).where(eq(sessions.sessionToken, await sha256Hex(sessionToken)));
}
