import { and, eq, gt, isNull } from "drizzle-orm";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { SESSION_COOKIE } from "../auth/config";
import { sessions, users } from "../auth/schema";
import type { AppEnv, Membership, Principal } from "../platform/context";
import type { Db } from "../platform/db";
import { AppError } from "../platform/errors";
import { sha256Hex } from "../platform/ids";
import { sameOrigin } from "../platform/same-origin";
import { apiTokens, memberships } from "./schema";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** last_used_at is refreshed at most this often, so reads do not turn into writes. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Resolves who is calling, once per request: a Bearer token (machine client) or the Auth.js
 * database session cookie. Cookie-authenticated writes must come from our own origin (CSRF).
 */
export const principal = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const db = c.get("db");
    const now = c.get("clock").now();
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw invalidToken();
      c.set("principal", await fromToken(c, db, match[1], now));
      return next();
    }
    // Only the __Host- cookie: the plain name could be planted over HTTP or by a sibling subdomain.
    const sessionToken = getCookie(c, SESSION_COOKIE);
    const found = sessionToken ? await fromSession(db, sessionToken, now) : null;
    if (found && !SAFE_METHODS.has(c.req.method) && !sameOrigin(c.req.raw)) {
      throw new AppError(403, "csrf_failed", "Requête refusée : elle ne provient pas de Maillage.");
    }
    c.set("principal", found);
    return next();
  });

function invalidToken() {
  return new AppError(401, "invalid_token", "Jeton d'API invalide, expiré ou révoqué.", {
    headers: { "www-authenticate": 'Bearer error="invalid_token"' },
  });
}

async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  return db
    .select({
      id: memberships.id,
      departmentCode: memberships.departmentCode,
      organisationId: memberships.organisationId,
      role: memberships.role,
    })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), isNull(memberships.revokedAt)));
}

async function fromSession(db: Db, sessionToken: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, await sha256Hex(sessionToken)), gt(sessions.expires, now)));
  if (!row) return null;
  return { ...row, memberships: await membershipsOf(db, row.userId), via: "session" };
}

async function fromToken(
  c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0],
  db: Db,
  token: string,
  now: Date,
): Promise<Principal> {
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      membership: {
        id: memberships.id,
        departmentCode: memberships.departmentCode,
        organisationId: memberships.organisationId,
        role: memberships.role,
        revokedAt: memberships.revokedAt,
      },
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(memberships, eq(memberships.id, apiTokens.membershipId))
    .where(eq(apiTokens.tokenHash, await sha256Hex(token)));
  if (!row || row.revokedAt || row.membership.revokedAt || row.expiresAt <= now.toISOString())
    throw invalidToken();
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_GRANULARITY_MS) {
    const update = db
      .update(apiTokens)
      .set({ lastUsedAt: now.toISOString() })
      .where(eq(apiTokens.id, row.tokenId));
    try {
      c.executionCtx.waitUntil(update.run());
    } catch {
      await update.run(); // no execution context (app.fetch called directly in tests)
    }
  }
  const { revokedAt: _r, ...membership } = row.membership;
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    memberships: [membership],
    via: "token",
    tokenId: row.tokenId,
  };
}
