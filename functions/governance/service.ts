import { and, eq, isNull, sql } from "drizzle-orm";
import type {
  Action,
  Body,
  BodyCreate,
  BodyHistory,
  Meeting,
  MeetingListItem,
  MeetingUpdate,
  Minutes,
  NationalGovernance,
  QuarterCompliance,
} from "../../shared/governance";
import { MAX_MINUTES_BYTES } from "../../shared/governance";
import { nextPeriod, type Period, periodOf, periodStart, range } from "../../shared/periods";
import { type AuditInput, actorUserId, auditEvent } from "../platform/audit";
import { checkIfMatch, conditionalWrite, type IfMatch, preconditionFailed } from "../platform/concurrency";
import type { Actor, Role } from "../platform/context";
import type { Db } from "../platform/db";
import { readDocument, type UploadedFile } from "../platform/documents";
import { type FieldError, forbidden, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { quarterCompliance } from "./domain/compliance";
import {
  type ActionRow,
  actionsOf,
  activeOrganisations,
  attendeesOf,
  type BodyRow,
  bodiesOf,
  findAction,
  findMeeting,
  findMinutes,
  knownMinutesKeys,
  type MeetingRow,
  type MinutesRow,
  meetingsBetween,
  minutesOf,
  nationalGovernanceReads,
} from "./queries";
import {
  governanceActions,
  governanceAttendees,
  governanceBodies,
  governanceMeetings,
  governanceMinutes,
} from "./schema";

/**
 * Governance services: plain functions of (db, département, caller, …), no HTTP context. Writes go
 * in one batch with their audit event. Who may call them is declared on the routes; the one rule
 * finer than a role (a member marks done the actions of their own organisation) is checked here.
 */
export type Caller = {
  actor: Actor;
  /** The instant of the call (ISO). */
  at: string;
  /** The French calendar day of the call: what "held", "overdue" and "in progress" are judged on. */
  today: string;
  roles: Role[];
  organisationIds: string[];
};

const audit = (db: Db, caller: Caller, input: AuditInput) =>
  auditEvent({ db, clock: { now: () => new Date(caller.at) } }, caller.actor, input);

const missingMeeting = () => notFound("Cette réunion n'existe pas.");

const toBody = (r: BodyRow): Body => ({
  id: r.id,
  kind: r.kind,
  designatedOn: r.designatedOn,
  coChairs: r.coChairs,
  secretariat: { name: r.secretariatName, email: r.secretariatEmail, phone: r.secretariatPhone },
  createdAt: r.createdAt,
  replacedAt: r.replacedAt,
});

type ActionListRow = Awaited<ReturnType<typeof actionsOf>>[number];
const toAction = (r: ActionListRow, today: string): Action => ({
  id: r.id,
  meetingId: r.meetingId,
  meetingStartsAt: r.meetingStartsAt,
  title: r.title,
  owner: { id: r.ownerId, name: r.ownerName },
  dueOn: r.dueOn,
  status: r.status,
  overdue: r.status === "open" && r.dueOn < today,
  doneAt: r.doneAt,
});

const toMinutes = (r: MinutesRow): Minutes => ({
  id: r.id,
  name: r.name,
  fileType: r.fileType,
  mediaType: r.mediaType,
  size: r.size,
  uploadedAt: r.uploadedAt,
});

export async function readBodies(db: Db, departmentCode: string): Promise<BodyHistory> {
  const rows = (await bodiesOf(db, departmentCode)).map(toBody);
  return {
    current: rows.find((b) => b.replacedAt === null) ?? null,
    history: rows.filter((b) => b.replacedAt),
  };
}

/**
 * Designates the département's body: the current one (if any) is closed and kept in the history, in
 * the same batch as the new row (the partial unique index keeps one current body per département).
 */
export async function designateBody(
  db: Db,
  departmentCode: string,
  caller: Caller,
  input: BodyCreate & { secretariat: { phone: string | null } },
) {
  const previous = (await bodiesOf(db, departmentCode)).find((b) => b.replacedAt === null);
  const row: BodyRow = {
    departmentCode,
    id: newId(),
    kind: input.kind,
    designatedOn: input.designatedOn,
    coChairs: input.coChairs,
    secretariatName: input.secretariat.name,
    secretariatEmail: input.secretariat.email,
    secretariatPhone: input.secretariat.phone ?? null,
    createdAt: caller.at,
    createdBy: actorUserId(caller.actor),
    replacedAt: null,
  };
  await db.batch([
    db
      .update(governanceBodies)
      .set({ replacedAt: caller.at })
      .where(and(eq(governanceBodies.departmentCode, departmentCode), isNull(governanceBodies.replacedAt))),
    db.insert(governanceBodies).values(row),
    audit(db, caller, {
      departmentCode,
      action: "governance.body_designated",
      entityType: "governance_body",
      entityId: row.id,
      before: previous ? toBody(previous) : null,
      after: toBody(row),
    }),
  ]);
  return toBody(row);
}

/** Attendees and action owners must be active organisations of the département: 422 at their pointer. */
async function checkOrganisations(
  db: Db,
  departmentCode: string,
  refs: { pointer: string; id: string }[],
): Promise<void> {
  const known = await activeOrganisations(
    db,
    departmentCode,
    refs.map((r) => r.id),
  );
  const errors: FieldError[] = refs
    .filter((r) => !known.has(r.id))
    .map((r) => ({
      in: "body",
      pointer: r.pointer,
      detail: "Organisation inconnue dans ce département, ou archivée.",
    }));
  if (errors.length) throw invalid(errors);
}

function checkDuplicates(ids: readonly string[], pointer: string) {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    if (seen.has(id))
      errors.push({ in: "body", pointer: `${pointer}/${i}`, detail: "Organisation en double." });
    seen.add(id);
  });
  if (errors.length) throw invalid(errors);
}

/** Meetings with their attendees, minutes and actions, in one round trip. */
async function assemble(db: Db, departmentCode: string, today: string, meetings: MeetingRow[]) {
  const meetingIds = meetings.map((m) => m.id);
  if (meetingIds.length === 0) return [];
  const [attendees, minutes, actions] = await db.batch([
    attendeesOf(db, departmentCode, meetingIds),
    minutesOf(db, departmentCode, meetingIds),
    actionsOf(db, departmentCode, { meetingIds }),
  ]);
  return meetings.map(
    (m): Meeting => ({
      id: m.id,
      kind: m.kind,
      groupName: m.groupName,
      startsAt: m.startsAt,
      durationMinutes: m.durationMinutes,
      location: m.location,
      agenda: m.agenda,
      decisions: m.decisions,
      period: periodOf(m.startsAt.slice(0, 10)),
      attendees: attendees.filter((a) => a.meetingId === m.id).map((a) => ({ id: a.id, name: a.name })),
      actions: actions.filter((a) => a.meetingId === m.id).map((a) => toAction(a, today)),
      minutes: minutes.filter((d) => d.meetingId === m.id).map(toMinutes),
      version: m.version,
    }),
  );
}

export async function listMeetings(
  db: Db,
  departmentCode: string,
  caller: Caller,
  window: { from: Period; to: Period },
): Promise<MeetingListItem[]> {
  const rows = await meetingsBetween(
    db,
    departmentCode,
    periodStart(window.from),
    periodStart(nextPeriod(window.to)),
  );
  return (await assemble(db, departmentCode, caller.today, rows))
    .map(({ agenda: _a, decisions: _d, actions, ...m }) => ({
      ...m,
      openActions: actions.filter((a) => a.status === "open").length,
    }))
    .reverse();
}

export async function readMeeting(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
): Promise<Meeting> {
  const row = await findMeeting(db, departmentCode, id);
  if (!row) throw missingMeeting();
  const [meeting] = await assemble(db, departmentCode, caller.today, [row]);
  if (!meeting) throw missingMeeting();
  return meeting;
}

type ActionInput = { title: string; ownerOrganisationId: string; dueOn: string };
const actionRow = (departmentCode: string, meetingId: string, caller: Caller, a: ActionInput): ActionRow => ({
  departmentCode,
  id: newId(),
  meetingId,
  title: a.title,
  ownerOrganisationId: a.ownerOrganisationId,
  dueOn: a.dueOn,
  status: "open",
  doneAt: null,
  doneBy: null,
  createdAt: caller.at,
});

type MeetingInput = {
  kind: "plenary" | "thematic";
  groupName: string | null;
  startsAt: string;
  durationMinutes: number;
  location: string;
  agenda: string;
  decisions: string;
  attendeeIds: string[];
  actions: ActionInput[];
};

export async function createMeeting(
  db: Db,
  departmentCode: string,
  caller: Caller,
  input: MeetingInput,
): Promise<Meeting> {
  checkDuplicates(input.attendeeIds, "/attendeeIds");
  await checkOrganisations(db, departmentCode, [
    ...input.attendeeIds.map((id, i) => ({ pointer: `/attendeeIds/${i}`, id })),
    ...input.actions.map((a, i) => ({
      pointer: `/actions/${i}/ownerOrganisationId`,
      id: a.ownerOrganisationId,
    })),
  ]);
  const id = newId();
  const row: MeetingRow = {
    departmentCode,
    id,
    kind: input.kind,
    groupName: input.kind === "thematic" ? input.groupName : null,
    startsAt: input.startsAt,
    durationMinutes: input.durationMinutes,
    location: input.location,
    agenda: input.agenda,
    decisions: input.decisions,
    createdAt: caller.at,
    updatedAt: caller.at,
    version: 1,
  };
  const actions = input.actions.map((a) => actionRow(departmentCode, id, caller, a));
  await db.batch([
    db.insert(governanceMeetings).values(row),
    ...(input.attendeeIds.length
      ? [
          db
            .insert(governanceAttendees)
            .values(
              input.attendeeIds.map((organisationId) => ({ departmentCode, meetingId: id, organisationId })),
            ),
        ]
      : []),
    ...(actions.length ? [db.insert(governanceActions).values(actions)] : []),
    audit(db, caller, {
      departmentCode,
      action: "governance.meeting_created",
      entityType: "governance_meeting",
      entityId: id,
      after: { ...row, attendeeIds: input.attendeeIds, actions },
    }),
  ]);
  return readMeeting(db, departmentCode, caller, id);
}

export async function updateMeeting(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch | undefined,
  input: MeetingUpdate,
): Promise<Meeting> {
  const before = await readMeeting(db, departmentCode, caller, id);
  checkIfMatch(ifMatch, before.version, stale);
  const kind = input.kind ?? before.kind;
  const groupName = input.groupName === undefined ? before.groupName : input.groupName;
  if ((kind === "thematic") !== Boolean(groupName))
    throw invalid([
      {
        in: "body",
        pointer: "/groupName",
        detail: "Un groupe thématique a un nom ; une séance plénière n'en a pas.",
      },
    ]);
  if (input.attendeeIds) {
    checkDuplicates(input.attendeeIds, "/attendeeIds");
    await checkOrganisations(
      db,
      departmentCode,
      input.attendeeIds.map((o, i) => ({ pointer: `/attendeeIds/${i}`, id: o })),
    );
  }
  const { attendeeIds, ...fields } = input;
  await conditionalWrite(
    db,
    db
      .update(governanceMeetings)
      .set({
        ...fields,
        kind,
        groupName,
        updatedAt: caller.at,
        version: sql`${governanceMeetings.version} + 1`,
      })
      .where(
        and(
          eq(governanceMeetings.departmentCode, departmentCode),
          eq(governanceMeetings.id, id),
          eq(governanceMeetings.version, before.version),
        ),
      ),
    [
      ...(attendeeIds
        ? [
            db
              .delete(governanceAttendees)
              .where(
                and(
                  eq(governanceAttendees.departmentCode, departmentCode),
                  eq(governanceAttendees.meetingId, id),
                ),
              ),
            ...(attendeeIds.length
              ? [
                  db.insert(governanceAttendees).values(
                    attendeeIds.map((organisationId) => ({
                      departmentCode,
                      meetingId: id,
                      organisationId,
                    })),
                  ),
                ]
              : []),
          ]
        : []),
      audit(db, caller, {
        departmentCode,
        action: "governance.meeting_updated",
        entityType: "governance_meeting",
        entityId: id,
        before: { ...before, actions: undefined, minutes: undefined },
        after: input,
      }),
    ],
    stale,
  );
  return readMeeting(db, departmentCode, caller, id);
}

const stale = () =>
  preconditionFailed(
    "Cette réunion a été modifiée entre-temps : rechargez-la avant d'enregistrer vos changements.",
  );

export async function addAction(
  db: Db,
  departmentCode: string,
  caller: Caller,
  meetingId: string,
  input: ActionInput,
): Promise<Action> {
  if (!(await findMeeting(db, departmentCode, meetingId))) throw missingMeeting();
  await checkOrganisations(db, departmentCode, [
    { pointer: "/ownerOrganisationId", id: input.ownerOrganisationId },
  ]);
  const row = actionRow(departmentCode, meetingId, caller, input);
  await db.batch([
    db.insert(governanceActions).values(row),
    audit(db, caller, {
      departmentCode,
      action: "governance.action_created",
      entityType: "governance_action",
      entityId: row.id,
      after: row,
    }),
  ]);
  return readAction(db, departmentCode, caller, row.id);
}

async function readAction(db: Db, departmentCode: string, caller: Caller, id: string) {
  const [row] = (await actionsOf(db, departmentCode, {})).filter((a) => a.id === id);
  if (!row) throw notFound("Cette action n'existe pas.");
  return toAction(row, caller.today);
}

export async function listActions(
  db: Db,
  departmentCode: string,
  caller: Caller,
  filter: { status?: "open" | "done"; mine?: boolean },
): Promise<Action[]> {
  const rows = await actionsOf(db, departmentCode, {
    status: filter.status,
    ownerIds: filter.mine ? caller.organisationIds : undefined,
  });
  return rows.map((r) => toAction(r, caller.today));
}

/**
 * Marks an action done (or open again). The prefecture may for any action; a member only for the
 * actions their organisation owns. Setting the state it already has changes nothing.
 */
export async function setActionStatus(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  status: "open" | "done",
): Promise<Action> {
  const row = await findAction(db, departmentCode, id);
  if (!row) throw notFound("Cette action n'existe pas.");
  const mayWrite =
    caller.roles.includes("prefecture") || caller.organisationIds.includes(row.ownerOrganisationId);
  if (!mayWrite)
    throw forbidden(
      "Seuls la préfecture et les membres de l'organisation responsable changent cette action.",
    );
  if (row.status !== status) {
    const done = status === "done";
    await db.batch([
      db
        .update(governanceActions)
        .set({ status, doneAt: done ? caller.at : null, doneBy: done ? actorUserId(caller.actor) : null })
        .where(and(eq(governanceActions.departmentCode, departmentCode), eq(governanceActions.id, id))),
      audit(db, caller, {
        departmentCode,
        action: done ? "governance.action_done" : "governance.action_reopened",
        entityType: "governance_action",
        entityId: id,
        before: { status: row.status },
        after: { status },
      }),
    ]);
  }
  return readAction(db, departmentCode, caller, id);
}

/** The compliance of each quarter of the window, in one round trip. */
export async function complianceOf(
  db: Db,
  departmentCode: string,
  today: string,
  window: { from: Period; to: Period },
): Promise<QuarterCompliance[]> {
  const [bodies, meetings] = await db.batch([
    bodiesOf(db, departmentCode),
    meetingsBetween(db, departmentCode, periodStart(window.from), periodStart(nextPeriod(window.to))),
  ]);
  return range(window.from, window.to)
    .map((period) => quarterCompliance(period, today, bodies, meetings))
    .reverse();
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string) {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}

/** Every département for a quarter: body designated?, plenary held? One D1 batch of three reads. */
export async function nationalGovernance(db: Db, period: Period, today: string): Promise<NationalGovernance> {
  const [departments, bodies, meetings] = await db.batch(nationalGovernanceReads(db, period));
  const bodiesOfDept = groupBy(bodies, (b) => b.departmentCode);
  const meetingsOfDept = groupBy(meetings, (m) => m.departmentCode);
  const items = departments.map((d) => {
    const own = bodiesOfDept.get(d.code) ?? [];
    const held = meetingsOfDept.get(d.code) ?? [];
    const c = quarterCompliance(period, today, own, held);
    const current = own.find((b) => b.replacedAt === null) ?? null;
    const last = held
      .filter((m) => m.startsAt.slice(0, 10) <= today)
      .map((m) => m.startsAt)
      .sort()
      .at(-1);
    return {
      departmentCode: d.code,
      departmentName: d.name,
      bodyKind: current?.kind ?? null,
      bodyDesignatedOn: current?.designatedOn ?? null,
      bodyDesignated: c.bodyDesignated,
      plenaryMeetings: c.plenaryMeetings,
      meetingsHeld: c.meetingsHeld,
      lastMeetingAt: last ?? null,
      flagged: c.flagged,
    };
  });
  return {
    period,
    summary: {
      departments: items.length,
      withBody: items.filter((i) => i.bodyDesignated).length,
      met: items.filter((i) => i.plenaryMeetings > 0).length,
      withoutBody: items.filter((i) => !i.bodyDesignated).map((i) => i.departmentCode),
      notMet: items.filter((i) => i.flagged).map((i) => i.departmentCode),
    },
    items: items.map(({ bodyDesignated: _b, ...rest }) => rest),
  };
}

/** Minutes in R2: the object is written before its row; a row written fails → the object is removed. */
export async function uploadMinutes(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  meetingId: string,
  file: UploadedFile,
): Promise<Minutes> {
  if (!(await findMeeting(db, departmentCode, meetingId))) throw missingMeeting();
  const { bytes, type, name, mediaType } = await readDocument(file, MAX_MINUTES_BYTES);
  const prefix = `governance/${departmentCode}/${meetingId}/`;
  await cleanOrphanMinutes(db, bucket, new Date(caller.at), prefix);
  const id = newId();
  const key = `${prefix}${id}`;
  const row: MinutesRow = {
    departmentCode,
    id,
    meetingId,
    r2Key: key,
    name,
    fileType: type,
    mediaType,
    size: bytes.byteLength,
    uploadedAt: caller.at,
    uploadedBy: actorUserId(caller.actor),
  };
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: mediaType },
    customMetadata: { departmentCode, meetingId, minutesId: id },
  });
  try {
    await db.batch([
      db.insert(governanceMinutes).values(row),
      audit(db, caller, {
        departmentCode,
        action: "governance.minutes_uploaded",
        entityType: "governance_meeting",
        entityId: meetingId,
        after: toMinutes(row),
      }),
    ]);
  } catch (error) {
    await bucket.delete(key).catch(() => undefined);
    throw error;
  }
  return toMinutes(row);
}

export async function downloadMinutes(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  meetingId: string,
  id: string,
) {
  const row = await findMinutes(db, departmentCode, meetingId, id);
  if (!row) throw notFound("Ce compte rendu n'existe pas.");
  const object = await bucket.get(row.r2Key);
  if (!object) throw notFound("Ce compte rendu n'existe plus.");
  return { minutes: toMinutes(row), body: object.body };
}

/** Objects under `governance/` without a row, older than 15 minutes (failed uploads): deleted. */
export async function cleanOrphanMinutes(db: Db, bucket: R2Bucket, now: Date, prefix = "governance/") {
  const deleted: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 500 });
    const old = page.objects
      .filter((o) => o.uploaded.getTime() < now.getTime() - 15 * 60_000)
      .map((o) => o.key);
    const known = await knownMinutesKeys(db, old);
    const orphans = old.filter((k) => !known.has(k));
    if (orphans.length) {
      await bucket.delete(orphans);
      deleted.push(...orphans);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}
