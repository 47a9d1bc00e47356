import { eq, sql } from "drizzle-orm";
import {
  MANDATORY_KINDS,
  type NotificationPreference,
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
  type ReminderKind,
} from "../../shared/reminders";
import type { Db } from "../platform/db";
import { invalid } from "../platform/errors";
import { notificationPreferences } from "./schema";

export async function preferencesOf(db: Db, userId: string): Promise<NotificationPreference[]> {
  const rows = await db
    .select({ kind: notificationPreferences.kind, enabled: notificationPreferences.enabled })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const off = new Set(rows.filter((r) => !r.enabled).map((r) => r.kind));
  return REMINDER_KINDS.map((kind) => {
    const mandatory = MANDATORY_KINDS.includes(kind);
    return { kind, label: REMINDER_KIND_LABELS[kind], enabled: mandatory || !off.has(kind), mandatory };
  });
}

/** Sets some kinds on or off; turning a mandatory kind off is refused (422 at its pointer). */
export async function setPreferences(
  db: Db,
  userId: string,
  changes: readonly { kind: ReminderKind; enabled: boolean }[],
  now: string,
) {
  const errors = changes.flatMap((c, i) =>
    !c.enabled && MANDATORY_KINDS.includes(c.kind)
      ? [
          {
            in: "body" as const,
            pointer: `/preferences/${i}/enabled`,
            detail: "Le rappel de rapport en retard ne peut pas être désactivé.",
            code: "mandatory_reminder",
          },
        ]
      : [],
  );
  if (errors.length) throw invalid(errors);
  if (changes.length === 0) return;
  const [first, ...rest] = changes.map((c) =>
    db
      .insert(notificationPreferences)
      .values({ userId, kind: c.kind, enabled: c.enabled, updatedAt: now })
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { enabled: sql`excluded.enabled`, updatedAt: sql`excluded.updated_at` },
      }),
  );
  if (first) await db.batch([first, ...rest]);
}
