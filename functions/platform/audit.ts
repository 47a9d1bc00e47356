import { sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Clock } from "./clock";
import type { Actor, AppEnv } from "./context";
import type { Db } from "./db";
import { newId } from "./ids";
import { auditEvents } from "./schema";

export type AuditInput = {
  departmentCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

type AuditServices = { db: Db; clock: Clock };

/**
 * The actor of a request: the signed-in user, with the membership the request acts through (an
 * API token's own; otherwise the département's prefecture membership, then any membership there).
 */
export function requestActor(c: Context<AppEnv>): Actor {
  const principal = c.get("principal");
  if (!principal) throw new Error("an audited write needs a signed-in principal");
  const tenant = c.get("tenant") as AppEnv["Variables"]["tenant"] | undefined;
  const membership =
    principal.via === "token"
      ? principal.memberships[0]
      : (tenant?.memberships.find((m) => m.role === "prefecture") ??
        tenant?.memberships[0] ??
        principal.memberships[0]);
  return {
    kind: "user",
    userId: principal.userId,
    membershipId: membership?.id ?? null,
    requestId: c.get("requestId"),
    clientRequestId: c.get("clientRequestId") ?? null,
  };
}

/** The user an actor stands for (null for the system): what `updated_by`-like columns keep. */
export const actorUserId = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** The request id, or a system job's id: what ties a change to the request or job that made it. */
export const actorRequestId = (actor: Actor) => (actor.kind === "user" ? actor.requestId : actor.jobId);

/** Who did it, with which membership, when, under which request or job: the row an audit event stores. */
function auditRow(services: AuditServices, actor: Actor, input: AuditInput) {
  return {
    departmentCode: input.departmentCode,
    id: newId(),
    at: services.clock.now().toISOString(),
    actorUserId: actorUserId(actor),
    membershipId: actor.kind === "user" ? actor.membershipId : null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before ?? null,
    after: input.after ?? null,
    requestId: actorRequestId(actor),
    actorKind: actor.kind,
    clientRequestId: actor.kind === "user" ? actor.clientRequestId : null,
  };
}

/**
 * The audit insert for a change. Callers put it in the same `db.batch([...])` as the change, so
 * both commit or neither does.
 */
export function auditEvent(services: AuditServices, actor: Actor, input: AuditInput) {
  return services.db.insert(auditEvents).values(auditRow(services, actor, input));
}

/**
 * The same insert, written only if the statement just before it in the same `db.batch` changed a
 * row (SQLite's `changes()`). Put it right after a conditional write (`… WHERE version = ?`,
 * `… WHERE revoked_at IS NULL`): when the condition fails, nothing is changed and nothing is
 * audited, without a read-then-write race.
 */
export function auditEventIfChanged(services: AuditServices, actor: Actor, input: AuditInput) {
  const r = auditRow(services, actor, input);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  // Columns in the table's order: drizzle's INSERT … SELECT lists every column.
  return services.db
    .insert(auditEvents)
    .select(
      sql`select ${r.departmentCode}, ${r.id}, ${r.at}, ${r.actorUserId}, ${r.membershipId}, ${r.action}, ${r.entityType}, ${r.entityId}, ${json(r.before)}, ${json(r.after)}, ${r.requestId}, ${r.actorKind}, ${r.clientRequestId} where changes() > 0`,
    );
}
