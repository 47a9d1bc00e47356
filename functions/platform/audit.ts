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

/**
 * The audit insert for a change. Callers put it in the same `db.batch([...])` as the change, so
 * both commit or neither does.
 */
export function auditEvent(c: Context<AppEnv>, input: AuditInput) {
  const principal = c.get("principal");
  const tenant = c.get("tenant") as AppEnv["Variables"]["tenant"] | undefined;
  const membership =
    principal?.via === "token"
      ? principal.memberships[0]
      : (tenant?.memberships.find((m) => m.role === "prefecture") ??
        tenant?.memberships[0] ??
        principal?.memberships[0]);
  return c
    .get("db")
    .insert(auditEvents)
    .values({
      id: newId(),
      at: c.get("clock").now().toISOString(),
      departmentCode: input.departmentCode,
      actorUserId: principal?.userId ?? null,
      membershipId: membership?.id ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: input.before ?? null,
      after: input.after ?? null,
      requestId: c.get("requestId"),
    });
}
