import { and, desc, eq, isNull, not, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { createMiddleware } from "hono/factory";
import { type CalendarFeed, FEED_TOKEN_PREFIX } from "../../shared/calendar-feeds";
import { users } from "../auth/schema";
import { departments } from "../departments/schema";
import type { MembershipCascade } from "../members/revocation";
import { memberships } from "../members/schema";
import { auditEvent, auditEventIfChanged } from "../platform/audit";
import type { Actor, AppEnv } from "../platform/context";
import { type Db, sameTenant } from "../platform/db";
import { AppError, forbidden, notFound } from "../platform/errors";
import { base64url, newId, sha256Hex } from "../platform/ids";
import { calendarFeedTokens } from "./schema";

/**
 * Calendar subscription links. A calendar application can only poll a URL, so the secret travels
 * in the query string (`calendar.ics?token=…`); it therefore grants exactly one thing: reading one
 * département's feed, for as long as its owner is a member there. It is a different secret from an
 * API token (own prefix, own table): the Bearer lookup never finds it, and only the middleware
 * below, mounted on the calendar route alone, reads it.
 */

const TOKEN_BYTES = 32;
const DISPLAY_PREFIX_LENGTH = 11;
/** last_used_at is refreshed at most this often: calendar apps poll, reads stay reads. */
const LAST_USED_GRANULARITY_MS = 60 * 60_000;

export async function generateFeedToken(): Promise<{ secret: string; hash: string; prefix: string }> {
  const secret = FEED_TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
  return { secret, hash: await sha256Hex(secret), prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH) };
}

const invalidFeedToken = () =>
  new AppError(
    401,
    "invalid_feed_token",
    "Lien d'abonnement invalide ou révoqué : créez-en un nouveau depuis la page Gouvernance du département.",
  );

/**
 * On the calendar route only: a `?token=` makes the request the token owner's, with their live
 * memberships in the token's département and nothing else; the route's guard then applies as to
 * any caller. Unknown or revoked token, or no membership left there: 401. Another département's
 * token: 403, like the matrix for a user of another département.
 */
export const feedTokenPrincipal = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.req.query("token");
  if (secret === undefined) return next();
  const code = c.req.param("code");
  const db = c.get("db");
  const hash = await sha256Hex(secret);
  const byHash = eq(calendarFeedTokens.tokenHash, hash);
  const token = db
    .select({
      tokenId: calendarFeedTokens.id,
      userId: calendarFeedTokens.userId,
      departmentCode: calendarFeedTokens.departmentCode,
      revokedAt: calendarFeedTokens.revokedAt,
      lastUsedAt: calendarFeedTokens.lastUsedAt,
      email: users.email,
      name: users.name,
    })
    .from(calendarFeedTokens)
    .innerJoin(users, eq(users.id, calendarFeedTokens.userId))
    .where(byHash);
  // The owner's live memberships that open the token's département, in the same round trip.
  const owned = db
    .select({
      id: memberships.id,
      departmentCode: memberships.departmentCode,
      organisationId: memberships.organisationId,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(calendarFeedTokens, eq(calendarFeedTokens.userId, memberships.userId))
    .where(
      and(
        byHash,
        isNull(memberships.revokedAt),
        or(sameTenant(memberships, calendarFeedTokens), eq(memberships.role, "national")),
      ),
    );
  const [[row], here] = await db.batch([token, owned]);
  if (!row || row.revokedAt) throw invalidFeedToken();
  if (row.departmentCode !== code) {
    throw forbidden("Ce lien d'abonnement ne donne que l'agenda de son propre département.");
  }
  if (here.length === 0) throw invalidFeedToken();
  const now = c.get("clock").now();
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_GRANULARITY_MS) {
    const update = db
      .update(calendarFeedTokens)
      .set({ lastUsedAt: now.toISOString() })
      .where(eq(calendarFeedTokens.id, row.tokenId));
    try {
      c.executionCtx.waitUntil(update.run());
    } catch {
      await update.run(); // no execution context (app.request in tests)
    }
  }
  c.set("principal", {
    userId: row.userId,
    email: row.email,
    name: row.name,
    memberships: here,
    via: "feed",
    tokenId: row.tokenId,
  });
  return next();
});

/** Whether the link's owner still has a live membership that opens its département (as the middleware asks). */
const ownerStillThere = sql<number>`exists (select 1 from ${memberships} where ${memberships.userId} = ${calendarFeedTokens.userId} and ${memberships.revokedAt} is null and (${memberships.departmentCode} = ${calendarFeedTokens.departmentCode} or ${memberships.role} = 'national'))`;

type Services = { db: Db; clock: { now: () => Date } };

/**
 * A new subscription link for the caller in this département; the live one, if any, is revoked in
 * the same batch (the partial unique index keeps one live link per user and département).
 */
export async function createFeed(
  services: Services,
  actor: Actor & { kind: "user" },
  departmentCode: string,
): Promise<{ secret: string; feed: CalendarFeed; replacedId: string | null }> {
  const { db } = services;
  const at = services.clock.now().toISOString();
  const mine = and(
    eq(calendarFeedTokens.userId, actor.userId),
    eq(calendarFeedTokens.departmentCode, departmentCode),
  );
  const [[current], [department]] = await db.batch([
    db
      .select({ id: calendarFeedTokens.id })
      .from(calendarFeedTokens)
      .where(and(mine, isNull(calendarFeedTokens.revokedAt))),
    db.select({ name: departments.name }).from(departments).where(eq(departments.code, departmentCode)),
  ]);
  const { secret, hash, prefix } = await generateFeedToken();
  const row = {
    id: newId(Date.parse(at)),
    userId: actor.userId,
    departmentCode,
    tokenHash: hash,
    prefix,
    createdAt: at,
    lastUsedAt: null,
    revokedAt: null,
  };
  const feed: CalendarFeed = {
    id: row.id,
    departmentCode,
    departmentName: department?.name ?? null,
    prefix,
    createdAt: at,
    lastUsedAt: null,
    revokedAt: null,
    usable: true,
  };
  const revokeCurrent = db
    .update(calendarFeedTokens)
    .set({ revokedAt: at })
    .where(and(mine, isNull(calendarFeedTokens.revokedAt)));
  // Revokes whatever link is live, even one created since the read above (a concurrent request).
  const statements: BatchItem<"sqlite">[] = [revokeCurrent];
  if (current) {
    statements.push(
      auditEventIfChanged(services, actor, {
        departmentCode,
        action: "calendar_feed.revoked",
        entityType: "calendar_feed",
        entityId: current.id,
        before: { revokedAt: null },
        after: { revokedAt: at, replacedBy: row.id },
      }),
    );
  }
  statements.push(
    db.insert(calendarFeedTokens).values(row),
    auditEvent(services, actor, {
      departmentCode,
      action: "calendar_feed.created",
      entityType: "calendar_feed",
      entityId: row.id,
      after: feed,
    }),
  );
  await db.batch(statements as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { secret, feed, replacedId: current?.id ?? null };
}

/** The user's subscription links, newest first (revoked ones included, to show when). */
export async function listFeeds(db: Db, userId: string): Promise<CalendarFeed[]> {
  const rows = await db
    .select({
      id: calendarFeedTokens.id,
      departmentCode: calendarFeedTokens.departmentCode,
      departmentName: departments.name,
      prefix: calendarFeedTokens.prefix,
      createdAt: calendarFeedTokens.createdAt,
      lastUsedAt: calendarFeedTokens.lastUsedAt,
      revokedAt: calendarFeedTokens.revokedAt,
      ownerStillThere,
    })
    .from(calendarFeedTokens)
    .leftJoin(departments, eq(departments.code, calendarFeedTokens.departmentCode))
    .where(eq(calendarFeedTokens.userId, userId))
    .orderBy(desc(calendarFeedTokens.createdAt), desc(calendarFeedTokens.id));
  return rows.map(({ ownerStillThere: there, ...feed }) => ({
    ...feed,
    usable: feed.revokedAt === null && Boolean(there),
  }));
}

/** Revokes one of the user's links; revoking a revoked link changes nothing (and audits nothing). */
export async function revokeFeed(
  services: Services,
  actor: Actor & { kind: "user" },
  id: string,
): Promise<void> {
  const { db } = services;
  const [feed] = await db
    .select({ departmentCode: calendarFeedTokens.departmentCode })
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.id, id), eq(calendarFeedTokens.userId, actor.userId)));
  if (!feed) throw notFound("Ce lien d'abonnement n'existe pas.");
  const at = services.clock.now().toISOString();
  await db.batch([
    db
      .update(calendarFeedTokens)
      .set({ revokedAt: at })
      .where(and(eq(calendarFeedTokens.id, id), isNull(calendarFeedTokens.revokedAt))),
    auditEventIfChanged(services, actor, {
      departmentCode: feed.departmentCode,
      action: "calendar_feed.revoked",
      entityType: "calendar_feed",
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: at },
    }),
  ]);
}

/**
 * Removing a membership revokes its owner's link to that département (registered in app.ts as a
 * membership cascade), unless another live membership still opens the département to them (or a
 * national one): a link no one can use any more is shown revoked, not live, and being made a
 * member again later does not revive it. Audited as a revocation, with the membership removed.
 */
export const revokeFeedsOfRemovedMembership: MembershipCascade = async (services, actor, removed) => {
  const { db } = services;
  const live = await db
    .select({ id: calendarFeedTokens.id })
    .from(calendarFeedTokens)
    .where(
      and(
        eq(calendarFeedTokens.userId, removed.userId),
        eq(calendarFeedTokens.departmentCode, removed.departmentCode),
        isNull(calendarFeedTokens.revokedAt),
      ),
    );
  return live.flatMap((feed) => [
    db
      .update(calendarFeedTokens)
      .set({ revokedAt: removed.at })
      .where(
        and(eq(calendarFeedTokens.id, feed.id), isNull(calendarFeedTokens.revokedAt), not(ownerStillThere)),
      ),
    auditEventIfChanged(services, actor, {
      departmentCode: removed.departmentCode,
      action: "calendar_feed.revoked",
      entityType: "calendar_feed",
      entityId: feed.id,
      before: { revokedAt: null },
      after: { revokedAt: removed.at, membershipRevoked: removed.id },
    }),
  ]);
};
