import type { Adapter } from "@auth/core/adapters";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { AuthConfig } from "@hono/auth-js";
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { accounts, sessions, users, verificationTokens } from "../members/schema";
import type { AppEnv } from "../platform/context";
import type { Db } from "../platform/db";
import { emailProvider, proConnectProvider, proConnectSettings } from "./providers";

export const AUTH_BASE_PATH = "/api/auth";
/** Auth.js sets `__Secure-` cookies (Secure, HttpOnly, SameSite=Lax); browsers accept them on http://localhost too. */
export const SESSION_COOKIE = "__Secure-authjs.session-token";
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * Auth.js sends browsers to the web UI's sign-in page, with `?error=<type>` on failure. The UI
 * posts with `X-Auth-Return-Redirect: 1` and shows "check your inbox" itself.
 */
export const AUTH_PAGES = { signIn: "/connexion", verifyRequest: "/connexion", error: "/connexion" };

export const isDevelopment = (env: { ENVIRONMENT?: string }) => env.ENVIRONMENT === "development";

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
 * The drizzle adapter on the app's tables, with two changes: e-mail lookups ignore case, and it
 * never creates users (people are invited as members first).
 */
export function authAdapter(db: Db): Adapter {
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
  };
}

/**
 * ID tokens received by a request's ProConnect callback, until the callback answers: end-session.ts
 * then keeps the token beside the new session for RP-initiated logout.
 */
export const receivedIdTokens = new WeakMap<Context, string>();

/** The Auth.js configuration, built per request: the adapter and the mailer come from this request's bindings. */
export function buildAuthConfig(c: Context<AppEnv>): AuthConfig {
  const db = c.get("db");
  const proconnect = proConnectSettings(c.env);
  return {
    secret: c.env.AUTH_SECRET,
    basePath: AUTH_BASE_PATH,
    trustHost: true,
    useSecureCookies: true,
    adapter: authAdapter(db),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: AUTH_PAGES,
    providers: [
      emailProvider(c.get("mailer"), c.env.MAIL_FROM),
      ...(proconnect ? [proConnectProvider(proconnect)] : []),
    ],
    callbacks: {
      async signIn({ user, email }) {
        const known = await findUserByEmail(db, user.email);
        if (email?.verificationRequest) {
          // Same answer whether the address is known or not ("check your inbox"); an unknown
          // address gets no token and no mail.
          return known ? true : `${AUTH_BASE_PATH}/verify-request?provider=email&type=email`;
        }
        return known !== null;
      },
    },
    events: {
      signIn({ account }) {
        if (account?.provider === "proconnect" && typeof account.id_token === "string") {
          receivedIdTokens.set(c, account.id_token);
        }
      },
    },
  };
}

/** Used by dev sign-in: the session row Auth.js would create. */
export async function createSession(db: Db, userId: string, now: Date) {
  const sessionToken = crypto.randomUUID();
  const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.insert(sessions).values({ sessionToken, userId, expires });
  return { sessionToken, expires };
}

export async function deleteSession(db: Db, sessionToken: string) {
  await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
}
