import { Cron } from "croner";
import { and, desc, eq, lt, ne, sql } from "drizzle-orm";
import { parisDate } from "../../shared/periods";
import { MANDATORY_KINDS, type Reminder } from "../../shared/reminders";
import { users } from "../auth/schema";
import { memberships } from "../members/schema";
import { chunk, type Db } from "../platform/db";
import { newId } from "../platform/ids";
import {
  codesJson,
  type DueReminder,
  type ReminderRun,
  type ReminderSource,
  type ReminderTrigger,
} from "../platform/reminders";
import { mailLog } from "../platform/schema";
import type { Services } from "../platform/services";
import { DAILY_CRONS, departmentsFor, triggerOf } from "./calendar";
import { notificationPreferences, reminders } from "./schema";

/** The body of a queue message: the reminder row to send. */
export type ReminderMessage = { id: string };
export type ReminderQueue = Pick<Queue<ReminderMessage>, "sendBatch">;

/** A reminder decided for one recipient, with its deterministic key. */
export type PlannedReminder = Omit<DueReminder, "audience"> & {
  key: string;
  userId: string;
  recipient: string;
};

export const reminderKey = (
  r: Pick<DueReminder, "departmentCode" | "kind" | "subject" | "occurrence">,
  userId: string,
) => [r.departmentCode, r.kind, r.subject, userId, r.occurrence].join("|");

const inCodes = (column: unknown, json: string) => sql`${column} in (select value from json_each(${json}))`;

/**
 * What a run must send: every source's due reminders, each resolved to the users it reaches
 * (prefecture users, members of the organisations named), less those who turned the kind off
 * (never the mandatory kinds). Statements: one or two per source, plus one batch of two.
 */
export async function decide(
  db: Db,
  sources: readonly ReminderSource[],
  run: ReminderRun,
): Promise<PlannedReminder[]> {
  if (run.departmentCodes.length === 0) return [];
  const due = (await Promise.all(sources.map((s) => s.due(db, run)))).flat();
  if (due.length === 0) return [];
  const codes = codesJson([...new Set(due.map((d) => d.departmentCode))]);
  const [people, optOuts] = await db.batch([
    db
      .select({
        departmentCode: sql<string>`${memberships.departmentCode}`,
        role: memberships.role,
        organisationId: memberships.organisationId,
        userId: users.id,
        email: users.email,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(inCodes(memberships.departmentCode, codes), sql`${memberships.revokedAt} is null`)),
    db
      .select({ userId: notificationPreferences.userId, kind: notificationPreferences.kind })
      .from(notificationPreferences)
      .where(
        and(
          eq(notificationPreferences.enabled, false),
          sql`${notificationPreferences.userId} in (select user_id from memberships where ${inCodes(sql`department_code`, codes)})`,
        ),
      ),
  ]);
  const off = new Set(optOuts.map((o) => `${o.userId}|${o.kind}`));
  const byDepartment = new Map<string, typeof people>();
  for (const p of people)
    byDepartment.set(p.departmentCode, [...(byDepartment.get(p.departmentCode) ?? []), p]);
  const planned = new Map<string, PlannedReminder>();
  for (const d of due) {
    const { audience, ...reminder } = d;
    const orgs = new Set(audience.organisationIds);
    for (const p of byDepartment.get(d.departmentCode) ?? []) {
      const reached =
        (audience.prefecture && p.role === "prefecture") ||
        (p.role === "member" && p.organisationId !== null && orgs.has(p.organisationId)) ||
        (audience.userIds?.includes(p.userId) ?? false);
      if (!reached) continue;
      if (off.has(`${p.userId}|${d.kind}`) && !MANDATORY_KINDS.includes(d.kind)) continue;
      const key = reminderKey(d, p.userId);
      if (!planned.has(key)) planned.set(key, { ...reminder, key, userId: p.userId, recipient: p.email });
    }
  }
  return [...planned.values()];
}

const COLUMNS = 13;
/** Rows travel as one JSON parameter per statement; a statement stays well under D1's size limits. */
const ROWS_PER_STATEMENT = 200;

/**
 * Writes the planned reminders once each (ON CONFLICT on the unique key DO NOTHING) and returns
 * the ids of the rows this call inserted: only those are enqueued, so a repeated or concurrent
 * run never queues a second message for a reminder.
 */
export async function insertNew(db: Db, planned: readonly PlannedReminder[], now: string): Promise<string[]> {
  if (planned.length === 0) return [];
  // One statement per 200 rows, the rows as one JSON parameter; all in one round trip.
  const insert = db.$client.prepare(`
    insert into reminders (department_code, id, key, kind, subject, occurrence, user_id, recipient,
      title, body, reason, link, status, attempts, created_at)
    select ${Array.from({ length: COLUMNS }, (_, c) => `value ->> ${c}`)
      .slice(0, COLUMNS - 1)
      .join(", ")}, 'queued', 0, value ->> ${COLUMNS - 1}
    from json_each(?) where true
    on conflict (key) do nothing
    returning id`);
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < planned.length; i += ROWS_PER_STATEMENT) {
    const rows = planned
      .slice(i, i + ROWS_PER_STATEMENT)
      .map((p) => [
        p.departmentCode,
        newId(),
        p.key,
        p.kind,
        p.subject,
        p.occurrence,
        p.userId,
        p.recipient,
        p.title,
        p.body,
        p.reason,
        p.link,
        now,
      ]);
    statements.push(insert.bind(JSON.stringify(rows)));
  }
  const results = await db.$client.batch<{ id: string }>(statements);
  return results.flatMap((r) => r.results.map((row) => row.id));
}

export async function enqueue(queue: ReminderQueue, ids: readonly string[]) {
  for (const part of chunk([...ids], 1, 100)) await queue.sendBatch(part.map((id) => ({ body: { id } })));
}

export type RunResult = {
  trigger: ReminderTrigger;
  departments: number;
  due: number;
  queued: number;
  requeued: number;
};

/** Every département's codes (one statement). */
async function allDepartmentCodes(db: Db): Promise<string[]> {
  const rows = await db.all<{ code: string }>(sql`select code from departments order by code`);
  return rows.map((r) => r.code);
}

/** One cron run: decide for every département concerned, write the new reminders, enqueue them. */
export async function runReminders(
  services: Pick<Services, "db">,
  queue: ReminderQueue,
  sources: readonly ReminderSource[],
  trigger: ReminderTrigger,
  at: Date,
): Promise<RunResult> {
  const codes = departmentsFor(trigger, at, await allDepartmentCodes(services.db));
  const run: ReminderRun = { trigger, at, today: parisDate(at), departmentCodes: codes };
  const planned = await decide(services.db, sources, run);
  const ids = await insertNew(services.db, planned, at.toISOString());
  // A row written by an earlier run whose enqueue failed (never tried, 30 min later) is enqueued
  // again: a second message for a reminder is harmless, the consumer's claim sends it once.
  const stranded = await services.db
    .select({ id: reminders.id })
    .from(reminders)
    .where(
      and(
        eq(reminders.status, "queued"),
        eq(reminders.attempts, 0),
        lt(reminders.createdAt, new Date(at.getTime() - STRANDED_AFTER_MS).toISOString()),
      ),
    )
    .limit(1000);
  await enqueue(queue, [...ids, ...stranded.map((r) => r.id)]);
  return {
    trigger,
    departments: codes.length,
    due: planned.length,
    queued: ids.length,
    requeued: stranded.length,
  };
}

const STRANDED_AFTER_MS = 30 * 60_000;

/** The next daily run after `now` at which the département has a working day (within 3 weeks). */
export function nextDailyRun(departmentCode: string, now: Date): Date {
  const crons = DAILY_CRONS.map((expr) => new Cron(expr, { timezone: "UTC" }));
  let from = now;
  for (let i = 0; i < 60; i++) {
    const next = crons
      .map((c) => c.nextRun(from))
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (!next) break;
    const cron = DAILY_CRONS[crons.findIndex((c) => c.nextRun(from)?.getTime() === next.getTime())] ?? "";
    if (triggerOf(cron, next) === "daily" && departmentsFor("daily", next, [departmentCode]).length)
      return next;
    from = next;
  }
  throw new Error("no daily run in the next weeks");
}

/** What the next daily run will send in a département and has not been sent yet. */
export async function upcoming(
  services: Pick<Services, "db" | "clock">,
  sources: readonly ReminderSource[],
  departmentCode: string,
) {
  const at = nextDailyRun(departmentCode, services.clock.now());
  const planned = await decide(services.db, sources, {
    trigger: "daily",
    at,
    today: parisDate(at),
    departmentCodes: [departmentCode],
  });
  const existing = new Set(
    planned.length
      ? (
          await services.db
            .select({ key: reminders.key })
            .from(reminders)
            .where(inCodes(reminders.key, JSON.stringify(planned.map((p) => p.key))))
        ).map((r) => r.key)
      : [],
  );
  return { at, items: planned.filter((p) => !existing.has(p.key)) };
}

/**
 * "Send now" a reminder the next run would send: written under the same key, so neither this call
 * repeated nor the run itself sends it twice. Null when the key is not due.
 */
export async function sendNow(
  services: Pick<Services, "db" | "clock">,
  queue: ReminderQueue,
  sources: readonly ReminderSource[],
  departmentCode: string,
  key: string,
): Promise<{ reminder: Reminder; queued: boolean } | null> {
  const at = nextDailyRun(departmentCode, services.clock.now());
  const planned = await decide(services.db, sources, {
    trigger: "daily",
    at,
    today: parisDate(at),
    departmentCodes: [departmentCode],
  });
  const wanted = planned.find((p) => p.key === key);
  const existing = await findByKey(services.db, departmentCode, key);
  if (existing) return { reminder: existing, queued: false };
  if (!wanted) return null;
  const ids = await insertNew(services.db, [wanted], services.clock.now().toISOString());
  await enqueue(queue, ids);
  const row = await findByKey(services.db, departmentCode, key);
  if (!row) throw new Error("reminder lost after insert");
  return { reminder: row, queued: ids.length > 0 };
}

const toReminder = (r: typeof reminders.$inferSelect): Reminder => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  recipient: r.recipient,
  subject: r.title,
  reason: r.reason,
  link: r.link,
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt,
  sentAt: r.sentAt,
});

async function findByKey(db: Db, departmentCode: string, key: string) {
  const [row] = await db
    .select()
    .from(reminders)
    .where(and(eq(reminders.departmentCode, departmentCode), eq(reminders.key, key)));
  return row ? toReminder(row) : null;
}

/** The département's reminders, newest first (limit+1 rows for `toPage`). */
export async function listReminders(db: Db, departmentCode: string, limit: number, after?: string) {
  const rows = await db
    .select()
    .from(reminders)
    .where(and(eq(reminders.departmentCode, departmentCode), after ? lt(reminders.id, after) : undefined))
    .orderBy(desc(reminders.id))
    .limit(limit + 1);
  return rows.map(toReminder);
}

/** Backoff of a failed send: 1 min, 4 min, 16 min… (the queue's own retry with a delay). */
export const retryDelaySeconds = (attempts: number) =>
  Math.min(60 * 4 ** Math.max(0, attempts - 1), 12 * 3600);

export type SendOutcome = "sent" | "already_sent" | "missing" | "retry";

/**
 * Sends one reminder (a queue delivery). A reminder already sent is acknowledged without sending;
 * otherwise the mailer sends it under the idempotency key `reminder:<key>`, which makes a
 * redelivered or concurrent message a `duplicate`. A failure keeps its error and asks for a retry.
 */
export async function deliver(
  services: Pick<Services, "db" | "clock" | "mailer">,
  id: string,
  render: (r: typeof reminders.$inferSelect) => Promise<import("../platform/mailer").Mail>,
): Promise<SendOutcome> {
  const { db, clock, mailer } = services;
  const [row] = await db
    .update(reminders)
    .set({ attempts: sql`${reminders.attempts} + 1` })
    .where(and(eq(reminders.id, id), ne(reminders.status, "sent")))
    .returning();
  if (!row) {
    const [exists] = await db.select({ id: reminders.id }).from(reminders).where(eq(reminders.id, id));
    return exists ? "already_sent" : "missing";
  }
  let result: Awaited<ReturnType<typeof mailer.send>>;
  try {
    result = await mailer.send(await render(row));
  } catch (error) {
    await db
      .update(reminders)
      .set({ lastError: String(error).slice(0, 500) })
      .where(and(eq(reminders.id, id), ne(reminders.status, "sent")));
    return "retry";
  }
  if (result.status === "duplicate") {
    // Another delivery holds or held the mail: done only if that one went out.
    const [mail] = await db.select({ status: mailLog.status }).from(mailLog).where(eq(mailLog.id, result.id));
    if (mail?.status !== "sent" && mail?.status !== "outbox") return "retry";
  }
  await db
    .update(reminders)
    .set({ status: "sent", sentAt: clock.now().toISOString() })
    .where(eq(reminders.id, id));
  return "sent";
}

/** A message that exhausted its retries (dead-letter queue): the reminder shows failed. */
export async function markFailed(db: Db, id: string) {
  await db
    .update(reminders)
    .set({ status: "failed" })
    .where(and(eq(reminders.id, id), ne(reminders.status, "sent")));
}
