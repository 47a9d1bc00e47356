import { and, eq, sql } from "drizzle-orm";
import { isFuture, opensOn, parisDate, previousPeriod } from "../../shared/periods";
import { type EntryInput, type Value, validateEntry } from "../../shared/units";
import type { departments } from "../departments/schema";
import { actorRequestId, actorUserId, auditEvent } from "../platform/audit";
import { checkIfMatch, conditionalWrite, type IfMatch, preconditionFailed } from "../platform/concurrency";
import type { Actor, Tenant } from "../platform/context";
import { chunk, fromJsonRows } from "../platform/db";
import { AppError, type FieldError, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import type { Services } from "../platform/services";
import { derivedReads } from "./derived";
import { missingIndicators } from "./domain/completeness";
import type { OrganisationPart } from "./domain/progress";
import { quarterParts } from "./domain/quarter-parts";
import {
  canEdit,
  type Denial,
  denialError,
  type ReportAction,
  transition,
  type Actor as Writer,
} from "./domain/workflow";
import { importFieldErrors, parseReportRows, readRows } from "./import/report";
import {
  activeIndicatorCounts,
  answeredCounts,
  departmentJsonOf,
  departmentOf,
  earliestReport,
  emailOf,
  type IndicatorRow,
  indicatorsJsonOf,
  organisationAnsweredCounts,
  organisationIndicatorCounts,
  organisationPartsIn,
  organisationsJsonOf,
  reportJsonOf,
  reportPeopleOf,
  reportsIn,
  type ValueRow,
  valuesJsonOf,
} from "./queries";
import { reports, reportValueHistory, reportValues } from "./schema";
import { completenessRows } from "./summary";
import {
  buildReportView,
  expectedIndicators,
  memberEntryUntil,
  type ReportRow,
  type ReportView,
  reportAfterWrite,
  snapshotOf,
  valuesAfterWrite,
} from "./view";

type DepartmentRow = typeof departments.$inferSelect;

export type Entry = EntryInput & { indicator?: unknown };

/**
 * Reports are read and written with explicit services, tenant (the département and the caller's
 * rights there) and actor (who the audit names): the same functions serve an HTTP handler, a cron
 * run or a queue consumer.
 */
const writerOf = (tenant: Tenant): Writer => ({
  roles: tenant.roles,
  organisationIds: tenant.organisationIds,
});

const today = (s: Services) => parisDate(s.clock.now());

/** Everything a report view or a write needs. */
export type Loaded = {
  code: string;
  period: string;
  department: DepartmentRow;
  indicators: IndicatorRow[];
  report: ReportRow | null;
  /** This quarter's and the previous one's. */
  values: ValueRow[];
  /** Derived indicators' values this quarter, by indicator code. */
  derived: Map<string, Value>;
  /** What `updatedBy` shows for values the writer writes (null: a system actor, or a plain read). */
  writerEmail: string | null;
  /** The département's organisations, by id, with their part of this quarter's report. */
  organisations: Map<string, OrganisationPart>;
  /** Who submitted and validated (e-mails), and the users holding the validator right. */
  people: {
    submittedBy: string | null;
    validatedBy: string | null;
    validators: string[];
    /** The validators' e-mails, to name them (who will validate a submitted report). */
    validatorEmails: string[];
  };
};

/**
 * Reads it in ONE round trip: the département, the indicators, the report row, the values of this
 * quarter and the previous one, every derived provider's one statement (and the writer's e-mail)
 * go in one `db.batch`.
 */
export async function load(
  s: Services,
  code: string,
  period: string,
  writerId: string | null = null,
): Promise<Loaded> {
  const { db } = s;
  const derived = derivedReads(s.derived, db, { departmentCodes: [code], periods: [period] });
  const [departmentJson, indicatorsJson, reportJson, valuesJson, organisationsJson, peopleRows, ...rest] =
    await db.batch([
      departmentJsonOf(db, code),
      indicatorsJsonOf(db, code),
      reportJsonOf(db, code, period),
      valuesJsonOf(db, code, period, previousPeriod(period)),
      organisationsJsonOf(db, code, period),
      reportPeopleOf(db, code, period),
      ...derived.statements,
      ...(writerId === null ? [] : [emailOf(db, writerId)]),
    ]);
  const [department] = fromJsonRows(departmentJson);
  const reportRows = fromJsonRows(reportJson);
  const organisationRows = fromJsonRows(organisationsJson);
  if (!department) throw notFound("Ce département n'existe pas.");
  const indicators = fromJsonRows(indicatorsJson);
  const values = fromJsonRows(valuesJson);
  const derivedOf = derived.values(rest.slice(0, derived.statements.length));
  const derivedValues = new Map<string, Value>();
  for (const i of indicators) {
    if (i.derivedKey) derivedValues.set(i.code, derivedOf(code, period, i.derivedKey));
  }
  const emails = (writerId === null ? [] : rest[derived.statements.length]) as { email: string }[];
  return {
    code,
    period,
    department,
    indicators,
    report: reportRows[0] ?? null,
    values,
    derived: derivedValues,
    writerEmail: emails[0]?.email ?? null,
    organisations: new Map(
      organisationRows.map((o) => [o.id, { name: o.name, doneAt: o.doneAt, remindedAt: o.remindedAt }]),
    ),
    people: {
      submittedBy: peopleRows[0]?.submittedBy ?? null,
      validatedBy: peopleRows[0]?.validatedBy ?? null,
      validators: JSON.parse(peopleRows[0]?.validators ?? "[]") as string[],
      validatorEmails: (JSON.parse(peopleRows[0]?.validatorEmails ?? "[]") as string[]).sort(),
    },
  };
}

/** The report as the tenant sees it, from loaded (or just written) data. */
export function viewOf(s: Services, tenant: Tenant, loaded: Loaded) {
  return buildReportView({
    departmentCode: loaded.code,
    period: loaded.period,
    department: loaded.department,
    report: loaded.report,
    indicators: loaded.indicators,
    values: loaded.values,
    derived: loaded.derived,
    organisations: loaded.organisations,
    people: loaded.people,
    today: today(s),
    actor: writerOf(tenant),
  });
}

/** The report of a quarter as the tenant sees it (derived indicators computed now): one round trip. */
export async function reportView(s: Services, tenant: Tenant, period: string): Promise<ReportView> {
  return viewOf(s, tenant, await load(s, tenant.departmentCode, period));
}

const stale = () =>
  preconditionFailed(
    "Le rapport a été modifié par quelqu'un d'autre depuis votre lecture : rechargez-le avant d'enregistrer.",
  );

type Change = {
  indicator: string;
  state: "value" | "not_applicable" | "not_available" | null;
  value: Value | null;
  comment: string | null;
};

/**
 * Saves many values at once, all or nothing. Every entry is checked (indicator expected this
 * quarter, caller allowed to write it, value typed by unit) before anything is written; unchanged
 * values are skipped, so saving or importing the same data twice changes nothing. Answers the
 * report as written, built from the one read and the rows written (two round trips in all).
 */
export async function saveValues(
  s: Services,
  tenant: Tenant,
  actor: Actor,
  period: string,
  entries: Entry[],
  /** The request's If-Match: the write is refused (412) unless it names the report's version. */
  ifMatch: IfMatch,
  source: "api" | "import",
  locate: Locate = { in: "body", pointerOf: (i) => `/values/${i}` },
): Promise<{ changed: string[]; view: ReportView }> {
  const loaded = await load(s, tenant.departmentCode, period, actorUserId(actor));
  return writeValues(s, tenant, actor, loaded, entries, ifMatch, source, locate);
}

/** Where an entry's errors point: `/values/<i>` in a JSON body, `/lines/<line>` in a file. */
type Locate = { in: FieldError["in"]; pointerOf(index: number): string };

async function writeValues(
  s: Services,
  tenant: Tenant,
  actor: Actor,
  loaded: Loaded,
  entries: Entry[],
  ifMatch: IfMatch,
  source: "api" | "import",
  locate: Locate,
): Promise<{ changed: string[]; view: ReportView }> {
  const { db } = s;
  const { code, period, department, indicators, report, values } = loaded;
  const snapshot = snapshotOf(period, report, department);
  checkIfMatch(ifMatch, snapshot.version, stale);
  const current = new Map(values.filter((v) => v.period === period).map((v) => [v.indicatorCode, v]));
  const expected = new Map(
    expectedIndicators(indicators, period, new Set(current.keys())).map((i) => [i.code, i]),
  );
  const writer = writerOf(tenant);
  const day = today(s);

  const errors: FieldError[] = [];
  const denials: Denial[] = [];
  const seen = new Set<string>();
  const changes: Change[] = [];
  for (const [index, entry] of entries.entries()) {
    const at = locate.pointerOf(index);
    const code = typeof entry.indicator === "string" ? entry.indicator : "";
    const indicator = expected.get(code);
    if (!indicator) {
      errors.push({
        in: locate.in,
        pointer: `${at}/indicator`,
        code: "unknown_indicator",
        detail: `Indicateur « ${code} » inconnu ou non attendu pour ${period}.`,
      });
      continue;
    }
    if (seen.has(code)) {
      errors.push({
        in: locate.in,
        pointer: `${at}/indicator`,
        code: "duplicate",
        detail: `Indicateur ${code} en double.`,
      });
      continue;
    }
    seen.add(code);
    const checked = validateEntry({ code, unit: indicator.unit }, entry);
    if (!checked.ok) {
      for (const e of checked.errors) {
        errors.push({ in: locate.in, pointer: `${at}${e.pointer}`, code: e.code, detail: e.detail });
      }
      continue;
    }
    const before = current.get(code);
    const next = checked.value;
    const same =
      (before?.state ?? null) === next.state &&
      JSON.stringify(before?.value ?? null) === JSON.stringify(next.value) &&
      (before?.comment ?? null) === next.comment;
    // An unchanged line needs no right to write: a member re-importing the whole exported report
    // only changes their own lines.
    if (same) continue;
    const decision = canEditIndicator(snapshot, writer, indicator, day);
    if (!decision.allowed) {
      // A lock applies to the whole report: answer it as such rather than once per value.
      if (decision.lock) throw denialError(decision);
      denials.push(decision);
      errors.push({
        in: locate.in,
        pointer: `${at}/indicator`,
        code: decision.code,
        detail: decision.detail,
      });
      continue;
    }
    changes.push({ indicator: code, ...next });
  }
  const [denial] = denials;
  if (denial) {
    const detail =
      denials.length === 1
        ? denial.detail
        : `${denials.length} indicateurs ne peuvent pas être modifiés par vous.`;
    throw new AppError(denial.status, denial.code, detail, { errors });
  }
  if (errors.length) throw invalid(errors);
  if (changes.length === 0) return { changed: [], view: viewOf(s, tenant, loaded) };

  const now = s.clock.now().toISOString();
  const userId = actorUserId(actor);
  const requestId = actorRequestId(actor);
  const conditional =
    snapshot.version === 0
      ? db
          .insert(reports)
          .values({
            departmentCode: code,
            period,
            status: "draft",
            version: 1,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
      : db
          .update(reports)
          .set({ version: snapshot.version + 1, updatedAt: now })
          .where(
            and(
              eq(reports.departmentCode, code),
              eq(reports.period, period),
              eq(reports.version, snapshot.version),
            ),
          );

  const upserts = changes.filter((ch) => ch.state !== null);
  const cleared = changes.filter((ch) => ch.state === null);
  const statements = [
    ...chunk(upserts, 8).map((rows) =>
      db
        .insert(reportValues)
        .values(
          rows.map((ch) => ({
            departmentCode: code,
            period,
            indicatorCode: ch.indicator,
            state: ch.state as "value",
            value: ch.value,
            comment: ch.comment,
            updatedAt: now,
            updatedBy: userId,
          })),
        )
        .onConflictDoUpdate({
          target: [reportValues.departmentCode, reportValues.period, reportValues.indicatorCode],
          set: {
            state: sqlExcluded("state"),
            value: sqlExcluded("value"),
            comment: sqlExcluded("comment"),
            updatedAt: sqlExcluded("updated_at"),
            updatedBy: sqlExcluded("updated_by"),
          },
        }),
    ),
    ...cleared.map((ch) =>
      db
        .delete(reportValues)
        .where(
          and(
            eq(reportValues.departmentCode, code),
            eq(reportValues.period, period),
            eq(reportValues.indicatorCode, ch.indicator),
          ),
        ),
    ),
    ...chunk(changes, 11).map((rows) =>
      db.insert(reportValueHistory).values(
        rows.map((ch) => ({
          departmentCode: code,
          id: newId(),
          period,
          indicatorCode: ch.indicator,
          state: ch.state ?? "cleared",
          value: ch.value,
          comment: ch.comment,
          changedAt: now,
          changedBy: userId,
          source,
          requestId,
        })),
      ),
    ),
    auditEvent(s, actor, {
      departmentCode: code,
      action: source === "import" ? "report.import" : "report.values.save",
      entityType: "report",
      entityId: period,
      before: { version: snapshot.version },
      after: { version: snapshot.version + 1, changed: changes.map((ch) => ch.indicator) },
    }),
  ];
  await conditionalWrite(db, conditional, statements, stale);
  // The answer is built from the one read and the rows just written: no second read.
  const after = {
    ...loaded,
    report: reportAfterWrite(
      report,
      { departmentCode: code, period, now },
      { version: snapshot.version + 1 },
    ),
    values: valuesAfterWrite(values, period, changes, { updatedAt: now, updatedBy: loaded.writerEmail }),
  };
  return { changed: changes.map((ch) => ch.indicator), view: viewOf(s, tenant, after) };
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

function canEditIndicator(
  snapshot: ReturnType<typeof snapshotOf>,
  actor: Writer,
  indicator: { code: string; derivedKey: string | null; responsibleOrganisationId: string | null },
  day: string,
) {
  return canEdit(
    snapshot,
    actor,
    {
      code: indicator.code,
      derived: indicator.derivedKey !== null,
      responsibleOrganisationId: indicator.responsibleOrganisationId,
    },
    day,
  );
}

/** submit, validate or reopen; `ifMatch` is optional here, checked when given. */
export async function applyTransition(
  s: Services,
  tenant: Tenant,
  actor: Actor,
  period: string,
  action: ReportAction,
  ifMatch: IfMatch | undefined,
  reason?: string,
): Promise<ReportView> {
  // One read: completeness is judged on the very version the conditional write expects.
  const loaded = await load(s, tenant.departmentCode, period, actorUserId(actor));
  const { report, department } = loaded;
  const view = viewOf(s, tenant, loaded);
  checkIfMatch(ifMatch, view.version, stale);
  const { db } = s;
  const code = tenant.departmentCode;
  const snapshot = snapshotOf(period, report, department);
  const now = s.clock.now().toISOString();
  const decision = transition(snapshot, action, writerOf(tenant), {
    today: today(s),
    now,
    reason,
    missing: missingIndicators(
      view.items.map((i) => i.indicator),
      view.items.map((i) => ({ indicator: i.indicator, state: i.state })),
    ),
    validation: {
      validators: loaded.people.validators,
      actorUserId: actorUserId(actor),
      submittedBy: report?.submittedBy ?? null,
    },
  });
  if (!decision.allowed) throw denialError(decision);
  const userId = actorUserId(actor);
  const ch = decision.change;
  const fields = {
    status: ch.status,
    submittedAt: ch.submittedAt,
    firstSubmittedAt: ch.firstSubmittedAt,
    validatedAt: ch.validatedAt,
    validatedByRole: ch.validatedByRole,
    ...(action === "submit" ? { submittedBy: userId } : {}),
    ...(action === "validate" ? { validatedBy: userId } : {}),
    ...(action === "reopen"
      ? { reopenedAt: ch.reopenedAt, reopenReason: ch.reopenReason, reopenedBy: userId }
      : {}),
    updatedAt: now,
  };
  const conditional =
    snapshot.version === 0
      ? db
          .insert(reports)
          .values({ departmentCode: code, period, version: 1, createdAt: now, ...fields })
          .onConflictDoNothing()
      : db
          .update(reports)
          .set({ ...fields, version: snapshot.version + 1 })
          .where(
            and(
              eq(reports.departmentCode, code),
              eq(reports.period, period),
              eq(reports.version, snapshot.version),
            ),
          );
  await conditionalWrite(
    db,
    conditional,
    [
      auditEvent(s, actor, {
        departmentCode: code,
        action: `report.${action}`,
        entityType: "report",
        entityId: period,
        before: { status: snapshot.status, version: snapshot.version },
        after: { status: ch.status, version: snapshot.version + 1, ...(reason ? { reason } : {}) },
      }),
    ],
    stale,
  );
  // Answered from the row just written: no second read.
  const written = reportAfterWrite(
    report,
    { departmentCode: code, period, now },
    { ...fields, version: snapshot.version + 1 },
  );
  const people = {
    ...loaded.people,
    ...(action === "submit" ? { submittedBy: loaded.writerEmail, validatedBy: null } : {}),
    ...(action === "validate" ? { validatedBy: loaded.writerEmail } : {}),
    ...(action === "reopen" ? { submittedBy: null, validatedBy: null } : {}),
  };
  return viewOf(s, tenant, { ...loaded, report: written, people });
}

/** Largest imported file (the README promises 2 MB). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/**
 * Imports a CSV or XLSX file into a quarter report: the whole file is checked first (every error
 * with its line and column, in French) and nothing is written unless every line is right.
 */
export async function importReport(
  s: Services,
  tenant: Tenant,
  actor: Actor,
  period: string,
  bytes: Uint8Array,
  ifMatch: IfMatch,
) {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new AppError(413, "file_too_large", "Fichier trop volumineux : 2 Mo au plus.", {
      errors: [{ in: "file", pointer: "", detail: "2 Mo au plus" }],
    });
  }
  // One read serves the version check, the parsing (units of the expected indicators) and the write.
  const loaded = await load(s, tenant.departmentCode, period, actorUserId(actor));
  const view = viewOf(s, tenant, loaded);
  checkIfMatch(ifMatch, view.version, stale);
  const read = readRows(bytes);
  if (!read.ok) {
    throw new AppError(
      read.tooLarge ? 413 : 422,
      read.tooLarge ? "file_too_large" : "unreadable_file",
      read.detail,
      {
        errors: [{ in: "file", pointer: "", detail: read.detail }],
      },
    );
  }
  const parsed = parseReportRows(
    read.rows,
    view.items.map((i) => ({ code: i.indicator, unit: i.unit, derived: i.derived })),
  );
  if (!parsed.ok) {
    throw new AppError(
      422,
      "invalid_import",
      `Le fichier contient ${parsed.errors.length} erreur(s) : rien n'a été importé.`,
      { errors: importFieldErrors(parsed.errors) },
    );
  }
  const { changed, view: report } = await writeValues(
    s,
    tenant,
    actor,
    loaded,
    parsed.entries.map((e) => ({
      indicator: e.indicator,
      state: e.state,
      value: e.value,
      comment: e.comment,
    })),
    ifMatch,
    "import",
    { in: "file", pointerOf: (i) => `/lines/${parsed.entries[i]?.line ?? 0}` },
  );
  return {
    changed,
    unchanged: parsed.entries.length - changed.length,
    skipped: parsed.skipped,
    report,
  };
}

/**
 * Status, due date, completeness and punctuality of several quarters at once (the list of
 * quarters): four grouped queries in one round trip instead of one full report per quarter.
 */
export async function reportSummaries(s: Services, tenant: Tenant, periods: string[]) {
  const { db } = s;
  const code = tenant.departmentCode;
  // A member's organisations: their own part of each quarter, three more grouped reads in the
  // same round trip (none for the prefecture or national users).
  const own = tenant.organisationIds;
  const [[department], counts, rows, answered, [first], ...ownRows] = await db.batch([
    departmentOf(db, code),
    activeIndicatorCounts(db, code),
    reportsIn(db, code, periods),
    answeredCounts(db, periods, code),
    earliestReport(db, code),
    ...(own.length
      ? ([
          organisationIndicatorCounts(db, code, own),
          organisationAnsweredCounts(db, code, periods, own),
          organisationPartsIn(db, code, periods, own),
        ] as const)
      : []),
  ]);
  if (!department) throw notFound("Ce département n'existe pas.");
  const day = today(s);
  const [ownCounts, ownAnswered, ownParts] = ownRows as [
    Awaited<ReturnType<typeof organisationIndicatorCounts>>?,
    Awaited<ReturnType<typeof organisationAnsweredCounts>>?,
    Awaited<ReturnType<typeof organisationPartsIn>>?,
  ];
  const parts = quarterParts({
    periods,
    counts: ownCounts ?? [],
    answered: ownAnswered ?? [],
    parts: ownParts ?? [],
  });
  const items = periods.map((period) => {
    const [row] = completenessRows({
      period,
      today: day,
      departments: [department],
      indicators: counts,
      reports: rows.filter((r) => r.period === period),
      answered: answered.filter((a) => a.period === period),
    });
    const { departmentCode: _d, departmentName: _n, ...summary } = row as NonNullable<typeof row>;
    return {
      period,
      opensOn: opensOn(period),
      open: !isFuture(period, day),
      ...summary,
      memberEntryUntil: memberEntryUntil(period, department.memberEntryDays),
      ownOrganisations: parts.get(period) ?? [],
    };
  });
  return { items, earliest: first?.period ?? null };
}
