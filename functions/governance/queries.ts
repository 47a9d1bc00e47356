import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { nextPeriod, periodStart } from "../../shared/periods";
import { departments } from "../departments/schema";
import { organisations } from "../organisations/schema";
import { type Db, sameTenant } from "../platform/db";
import { quarterCompliance } from "./domain/compliance";
import {
  governanceActions,
  governanceAttendees,
  governanceBodies,
  governanceMeetings,
  governanceMinutes,
} from "./schema";

/** Tenant-scoped data access of governance: the département code is always the first argument after db. */

export type BodyRow = typeof governanceBodies.$inferSelect;
export type MeetingRow = typeof governanceMeetings.$inferSelect;
export type ActionRow = typeof governanceActions.$inferSelect;
export type MinutesRow = typeof governanceMinutes.$inferSelect;

/** Every body of the département, the current one first, then the most recently designated. */
export const bodiesOf = (db: Db, departmentCode: string) =>
  db
    .select()
    .from(governanceBodies)
    .where(eq(governanceBodies.departmentCode, departmentCode))
    .orderBy(
      sql`${governanceBodies.replacedAt} is not null`,
      desc(governanceBodies.designatedOn),
      desc(governanceBodies.createdAt),
    );

/** Meetings starting in [from, to) (local Paris days/times compared as text), earliest first. */
export const meetingsBetween = (db: Db, departmentCode: string, from: string, to: string) =>
  db
    .select()
    .from(governanceMeetings)
    .where(
      and(
        eq(governanceMeetings.departmentCode, departmentCode),
        gte(governanceMeetings.startsAt, from),
        lt(governanceMeetings.startsAt, to),
      ),
    )
    .orderBy(asc(governanceMeetings.startsAt), asc(governanceMeetings.id));

export const findMeeting = (db: Db, departmentCode: string, id: string) =>
  db
    .select()
    .from(governanceMeetings)
    .where(and(eq(governanceMeetings.departmentCode, departmentCode), eq(governanceMeetings.id, id)))
    .get();

const ids = (list: readonly string[]) =>
  sql`(select value from json_each(${JSON.stringify([...new Set(list)])}))`;

/** Attendees of the given meetings with their organisation's name. */
export const attendeesOf = (db: Db, departmentCode: string, meetingIds: readonly string[]) =>
  db
    .select({ meetingId: governanceAttendees.meetingId, id: organisations.id, name: organisations.name })
    .from(governanceAttendees)
    .innerJoin(
      organisations,
      and(
        eq(organisations.id, governanceAttendees.organisationId),
        sameTenant(organisations, governanceAttendees),
      ),
    )
    .where(
      and(
        eq(governanceAttendees.departmentCode, departmentCode),
        inArray(governanceAttendees.meetingId, ids(meetingIds)),
      ),
    )
    .orderBy(asc(organisations.searchName), asc(organisations.id));

const actionColumns = {
  id: governanceActions.id,
  meetingId: governanceActions.meetingId,
  meetingStartsAt: governanceMeetings.startsAt,
  title: governanceActions.title,
  ownerId: governanceActions.ownerOrganisationId,
  ownerName: organisations.name,
  dueOn: governanceActions.dueOn,
  status: governanceActions.status,
  doneAt: governanceActions.doneAt,
};
function actionsQuery(db: Db) {
  return db
    .select(actionColumns)
    .from(governanceActions)
    .innerJoin(
      governanceMeetings,
      and(
        sameTenant(governanceMeetings, governanceActions),
        eq(governanceMeetings.id, governanceActions.meetingId),
      ),
    )
    .innerJoin(
      organisations,
      and(
        sameTenant(organisations, governanceActions),
        eq(organisations.id, governanceActions.ownerOrganisationId),
      ),
    )
    .$dynamic();
}

/** Actions of the given meetings (all when `meetingIds` is null), by due date. */
export const actionsOf = (
  db: Db,
  departmentCode: string,
  filter: {
    meetingIds?: readonly string[];
    status?: "open" | "done";
    dueBefore?: string;
    ownerIds?: readonly string[];
  } = {},
) =>
  actionsQuery(db)
    .where(
      and(
        eq(governanceActions.departmentCode, departmentCode),
        filter.meetingIds ? inArray(governanceActions.meetingId, ids(filter.meetingIds)) : undefined,
        filter.status ? eq(governanceActions.status, filter.status) : undefined,
        filter.dueBefore ? lt(governanceActions.dueOn, filter.dueBefore) : undefined,
        filter.ownerIds ? inArray(governanceActions.ownerOrganisationId, ids(filter.ownerIds)) : undefined,
      ),
    )
    .orderBy(asc(governanceActions.dueOn), asc(governanceActions.id));

export const findAction = (db: Db, departmentCode: string, id: string) =>
  db
    .select()
    .from(governanceActions)
    .where(and(eq(governanceActions.departmentCode, departmentCode), eq(governanceActions.id, id)))
    .get();

export const minutesOf = (db: Db, departmentCode: string, meetingIds: readonly string[]) =>
  db
    .select()
    .from(governanceMinutes)
    .where(
      and(
        eq(governanceMinutes.departmentCode, departmentCode),
        inArray(governanceMinutes.meetingId, ids(meetingIds)),
      ),
    )
    .orderBy(asc(governanceMinutes.uploadedAt), asc(governanceMinutes.id));

export const findMinutes = (db: Db, departmentCode: string, meetingId: string, id: string) =>
  db
    .select()
    .from(governanceMinutes)
    .where(
      and(
        eq(governanceMinutes.departmentCode, departmentCode),
        eq(governanceMinutes.meetingId, meetingId),
        eq(governanceMinutes.id, id),
      ),
    )
    .get();

/** R2 keys that have a minutes row (the rest under the prefix are orphans of failed uploads). */
export async function knownMinutesKeys(db: Db, keys: readonly string[]) {
  if (keys.length === 0) return new Set<string>();
  const rows = await db
    .select({ key: governanceMinutes.r2Key })
    .from(governanceMinutes)
    .where(inArray(governanceMinutes.r2Key, ids(keys)));
  return new Set(rows.map((r) => r.key));
}

/** Active (not archived) organisations of the département among `ids`. */
export async function activeOrganisations(db: Db, departmentCode: string, list: readonly string[]) {
  if (list.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.departmentCode, departmentCode),
        isNull(organisations.archivedAt),
        inArray(organisations.id, ids(list)),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

export type GovernanceStatus = {
  departmentCode: string;
  quarter: string;
  /** A body stands (designated, not replaced) on `today`, or on the quarter's last day if it ended. */
  bodyDesignated: boolean;
  body: { kind: "clav" | "cdpd"; designatedOn: string; secretariatEmail: string } | null;
  /** At least one plenary meeting held in the quarter, up to `today`. */
  plenaryHeld: boolean;
  nextPlenaryAt: string | null;
  /** Open actions due before `today`, with their owner organisation. */
  overdueActions: { id: string; title: string; dueOn: string; owner: { id: string; name: string } }[];
};

/**
 * What the reminders need to know of a département's governance for a quarter, in one D1 round
 * trip (a batch of three reads). `today` is the French calendar day of the run (Europe/Paris).
 */
export async function governanceStatus(
  db: Db,
  departmentCode: string,
  quarter: string,
  today: string,
): Promise<GovernanceStatus> {
  const [bodies, meetings, overdue] = await db.batch([
    bodiesOf(db, departmentCode),
    meetingsBetween(db, departmentCode, periodStart(quarter), periodStart(nextPeriod(quarter))),
    actionsOf(db, departmentCode, { status: "open", dueBefore: today }),
  ]);
  const compliance = quarterCompliance(quarter, today, bodies, meetings);
  const current = bodies.find((b) => b.replacedAt === null);
  return {
    departmentCode,
    quarter,
    bodyDesignated: compliance.bodyDesignated,
    body: current
      ? { kind: current.kind, designatedOn: current.designatedOn, secretariatEmail: current.secretariatEmail }
      : null,
    plenaryHeld: compliance.plenaryMeetings > 0,
    nextPlenaryAt: compliance.nextPlenaryAt,
    overdueActions: overdue.map((a) => ({
      id: a.id,
      title: a.title,
      dueOn: a.dueOn,
      owner: { id: a.ownerId, name: a.ownerName },
    })),
  };
}

/**
 * The national view of a quarter, in one batch whatever the number of départements: every
 * département, its current body and its meetings of the quarter grouped by département.
 */
export function nationalGovernanceReads(db: Db, period: string) {
  const from = periodStart(period);
  const to = periodStart(nextPeriod(period));
  return [
    db
      .select({ code: departments.code, name: departments.name })
      .from(departments)
      .orderBy(asc(departments.code)),
    db
      .select({
        departmentCode: governanceBodies.departmentCode,
        kind: governanceBodies.kind,
        designatedOn: governanceBodies.designatedOn,
        replacedAt: governanceBodies.replacedAt,
      })
      .from(governanceBodies),
    db
      .select({
        departmentCode: governanceMeetings.departmentCode,
        startsAt: governanceMeetings.startsAt,
        kind: governanceMeetings.kind,
      })
      .from(governanceMeetings)
      .where(and(gte(governanceMeetings.startsAt, from), lt(governanceMeetings.startsAt, to))),
  ] as const;
}

const inCodes = (column: SQLiteColumn, codesJson: string) =>
  sql`${column} in (select value from json_each(${codesJson}))`;

/**
 * For reminders, whatever the number of départements (codes as one JSON parameter): the
 * départements of the list with a plenary meeting dated in [from, to), and every open action
 * due before `today`.
 */
export function reminderReads(db: Db, codesJson: string, from: string, to: string, today: string) {
  return [
    db
      .selectDistinct({ departmentCode: governanceMeetings.departmentCode })
      .from(governanceMeetings)
      .where(
        and(
          inCodes(governanceMeetings.departmentCode, codesJson),
          eq(governanceMeetings.kind, "plenary"),
          gte(governanceMeetings.startsAt, from),
          lt(governanceMeetings.startsAt, to),
        ),
      ),
    db
      .select({
        departmentCode: governanceActions.departmentCode,
        id: governanceActions.id,
        title: governanceActions.title,
        ownerOrganisationId: governanceActions.ownerOrganisationId,
        dueOn: governanceActions.dueOn,
      })
      .from(governanceActions)
      .where(
        and(
          inCodes(governanceActions.departmentCode, codesJson),
          eq(governanceActions.status, "open"),
          lt(governanceActions.dueOn, today),
        ),
      ),
  ] as const;
}
