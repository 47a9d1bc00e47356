import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { auditEvents } from "../audit/schema";
import type { AppEnv } from "./context";
import { newId } from "./ids";

export type AuditInput = {
  departmentCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/** Who did it, with which membership, when, under which request: the row an audit event stores. */
function auditRow(c: Context<AppEnv>, input: AuditInput) {
  const principal = c.get("principal");
  const tenant = c.get("tenant") as AppEnv["Variables"]["tenant"] | undefined;
  const membership =
    principal?.via === "token"
      ? principal.memberships[0]
      : (tenant?.memberships.find((m) => m.role === "prefecture") ??
        tenant?.memberships[0] ??
        principal?.memberships[0]);
  return {
    departmentCode: input.departmentCode,
    id: newId(),
    at: c.get("clock").now().toISOString(),
    actorUserId: principal?.userId ?? null,
    membershipId: membership?.id ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before ?? null,
    after: input.after ?? null,
    requestId: c.get("requestId"),
  };
}

/**
 * The audit insert for a change. Callers put it in the same `db.batch([...])` as the change, so
 * both commit or neither does.
 */
export function auditEvent(c: Context<AppEnv>, input: AuditInput) {
  return c.get("db").insert(auditEvents).values(auditRow(c, input));
}

/**
 * The same insert, written only if the statement just before it in the same `db.batch` changed a
 * row (SQLite's `changes()`). Put it right after a conditional write (`… WHERE version = ?`,
 * `… WHERE revoked_at IS NULL`): when the condition fails, nothing is changed and nothing is
 * audited, without a read-then-write race.
 */
export function auditEventIfChanged(c: Context<AppEnv>, input: AuditInput) {
  const r = auditRow(c, input);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  // Columns in the table's order: drizzle's INSERT … SELECT lists every column.
  return c
    .get("db")
    .insert(auditEvents)
    .select(
      sql`select ${r.departmentCode}, ${r.id}, ${r.at}, ${r.actorUserId}, ${r.membershipId}, ${r.action}, ${r.entityType}, ${r.entityId}, ${json(r.before)}, ${json(r.after)}, ${r.requestId} where changes() > 0`,
    );
}
