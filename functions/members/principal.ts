import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { SESSION_COOKIE } from "../auth/config";
import { sessions, users } from "../auth/schema";
import { departmentInPath } from "../platform/access";
import type { AppEnv, Principal } from "../platform/context";
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
 *
 * ONE round trip: the lookup (a token's, or a session's with its memberships) goes in one batch with
 * the département guard's check when the path names a département (`tenancy()` is mounted first).
 */
export const principal = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const db = c.get("db");
    const now = c.get("clock").now();
    const code = departmentInPath(c.req.path);
    const lookup = c.get("departmentExists");
    const department = code !== null && lookup ? lookup(db, code) : null;
    const remember = (rows: unknown[] | undefined) => {
      if (code !== null && rows) c.set("prefetchedDepartment", { code, exists: rows.length > 0 });
    };
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw invalidToken();
      c.set("principal", await fromToken(c, db, match[1], now, department, remember));
      return next();
    }
    // Only the __Host- cookie: the plain name could be planted over HTTP or by a sibling subdomain.
    const sessionToken = getCookie(c, SESSION_COOKIE);
    const found = sessionToken ? await fromSession(db, sessionToken, now, department, remember) : null;
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

type Extra = ReturnType<NonNullable<AppEnv["Variables"]["departmentExists"]>> | null;
type Remember = (rows: unknown[] | undefined) => void;

async function fromSession(
  db: Db,
  sessionToken: string,
  now: Date,
  department: Extra,
  remember: Remember,
): Promise<Principal | null> {
  const live = and(eq(sessions.sessionToken, await sha256Hex(sessionToken)), gt(sessions.expires, now));
  // The session's user and its memberships in one batch: memberships of the user the session names.
  const user = db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(live);
  const ofUser = db
    .select({
      id: memberships.id,
      departmentCode: memberships.departmentCode,
      organisationId: memberships.organisationId,
      role: memberships.role,
    })
    .from(memberships)
    .where(
      and(
        inArray(memberships.userId, db.select({ id: sessions.userId }).from(sessions).where(live)),
        isNull(memberships.revokedAt),
      ),
    );
  const [[row], rows, departmentRows] = department
    ? await db.batch([user, ofUser, department])
    : [...(await db.batch([user, ofUser])), undefined];
  remember(departmentRows);
  if (!row) return null;
  return { ...row, memberships: rows, via: "session" };
}

async function fromToken(
  c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0],
  db: Db,
  token: string,
  now: Date,
  department: Extra,
  remember: Remember,
): Promise<Principal> {
  // In a batch D1 answers rows keyed by column name: no two selected columns may share one
  // (`id`, `revoked_at`), or drizzle's positional mapping reads one table's value as the other's.
  const lookup = db
    .select({
      tokenId: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: apiTokens.userId,
      email: users.email,
      name: users.name,
      membership: {
        id: apiTokens.membershipId,
        departmentCode: memberships.departmentCode,
        organisationId: memberships.organisationId,
        role: memberships.role,
        revokedAt: sql<string | null>`${memberships.revokedAt}`.as("membership_revoked_at"),
      },
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(memberships, eq(memberships.id, apiTokens.membershipId))
    .where(eq(apiTokens.tokenHash, await sha256Hex(token)));
  const [[row], departmentRows] = department
    ? await db.batch([lookup, department])
    : [await lookup, undefined];
  remember(departmentRows);
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
