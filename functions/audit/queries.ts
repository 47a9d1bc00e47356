import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { users } from "../auth/schema";
import type { Db } from "../platform/db";
import { auditEvents } from "../platform/schema";

/** The département's audit events, newest first, after the (at, id) of the previous page; limit+1 rows. */
export async function listAuditEvents(
  db: Db,
  departmentCode: string,
  page: { limit: number; before?: { at: string; id: string } | undefined },
) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorUserId: auditEvents.actorUserId,
      actorEmail: users.email,
      membershipId: auditEvents.membershipId,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
      requestId: auditEvents.requestId,
      actorKind: sql<"user" | "system:cron" | "system:queue">`coalesce(${auditEvents.actorKind}, 'user')`,
      clientRequestId: auditEvents.clientRequestId,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.departmentCode, departmentCode),
        page.before
          ? or(
              lt(auditEvents.at, page.before.at),
              and(eq(auditEvents.at, page.before.at), lt(auditEvents.id, page.before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(page.limit + 1);
}
