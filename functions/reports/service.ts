import { and, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { isFuture, opensOn, parisDate, previousPeriod } from "../../shared/periods";
import { auditEvent } from "../platform/audit";
import type { AppEnv } from "../platform/context";
import { chunk, guardedBatch, StaleWrite } from "../platform/db";
import { AppError, type FieldError, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { derivedSource } from "./derived-context";
import { missingIndicators } from "./domain/completeness";
import { computeDerived } from "./domain/derived";
import { type EntryInput, type Value, validateEntry } from "./domain/units";
import {
  type Actor,
  canEdit,
  type Denial,
  denialError,
  type ReportAction,
  transition,
} from "./domain/workflow";
import { importFieldErrors, parseReportRows, readRows } from "./import/report";
import {
  activeIndicatorCounts,
  answeredCounts,
  departmentOf,
  indicatorsOf,
  organisationLifetimes,
  reportOf,
  reportsIn,
  valuesOf,
} from "./queries";
import { reports, reportValueHistory, reportValues } from "./schema";
import { completenessRows } from "./summary";
import { buildReportView, expectedIndicators, snapshotOf } from "./view";

type Ctx = Context<AppEnv>;
export type Entry = EntryInput & { indicator?: unknown };

const actorOf = (c: Ctx): Actor => {
  const tenant = c.get("tenant");
  return { roles: tenant.roles, organisationIds: tenant.organisationIds };
};

const today = (c: Ctx) => parisDate(c.get("clock").now());

async function load(c: Ctx, period: string) {
  const db = c.get("db");
  const code = c.get("tenant").departmentCode;
  // Organisations feed derived indicators: read them in the same round trip as the rest.
  const [department, indicators, report, values, lifetimes] = await Promise.all([
    departmentOf(db, code),
    indicatorsOf(db, code),
    reportOf(db, code, period),
    valuesOf(db, code, [period, previousPeriod(period)]),
    organisationLifetimes(db, code),
  ]);
  if (!department) throw notFound("Ce département n'existe pas.");
  return { db, code, department, indicators, report, values, lifetimes };
}

/** The report of a quarter as the caller sees it (derived indicators computed now). */
export async function reportView(c: Ctx, period: string) {
  return (await loadView(c, period)).view;
}

/** The view and the report row it was built from (a transition writes conditionally on that row). */
async function loadView(c: Ctx, period: string) {
  const { code, department, indicators, report, values, lifetimes } = await load(c, period);
  const source = derivedSource(code, async () => lifetimes);
  const derived = new Map<string, Value>();
  for (const i of indicators) {
    if (i.derivedKey) derived.set(i.code, await computeDerived(i.derivedKey, source.contextFor(period)));
  }
  const view = buildReportView({
    departmentCode: code,
    period,
    department,
    report,
    indicators,
    values,
    derived,
    today: today(c),
    actor: actorOf(c),
  });
  return { view, report, department };
}

export const etagOf = (version: number) => `"${version}"`;

/** The version an If-Match header names; 428 without one, 412 when it is not a version we issued. */
export function versionFromIfMatch(header: string | undefined): number {
  if (!header) {
    throw new AppError(
      428,
      "precondition_required",
      "Indiquez l'en-tête If-Match avec l'ETag du rapport lu.",
      {
        errors: [{ in: "header", pointer: "/If-Match", detail: "En-tête requis" }],
      },
    );
  }
  const m = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!m) throw stale();
  return Number(m[1]);
}

const stale = () =>
  new AppError(
    412,
    "precondition_failed",
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
 * values are skipped, so saving or importing the same data twice changes nothing.
 */
export async function saveValues(
  c: Ctx,
  period: string,
  entries: Entry[],
  expectedVersion: number,
  source: "api" | "import",
  /** Where an entry's errors point: `/values/<i>` in a JSON body, `/lines/<line>` in a file. */
  locate: { in: FieldError["in"]; pointerOf(index: number): string } = {
    in: "body",
    pointerOf: (i) => `/values/${i}`,
  },
): Promise<{ changed: string[] }> {
  const { db, code, department, indicators, report, values } = await load(c, period);
  const snapshot = snapshotOf(period, report, department);
  if (snapshot.version !== expectedVersion) throw stale();
  const current = new Map(values.filter((v) => v.period === period).map((v) => [v.indicatorCode, v]));
  const expected = new Map(
    expectedIndicators(indicators, period, new Set(current.keys())).map((i) => [i.code, i]),
  );
  const actor = actorOf(c);
  const day = today(c);

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
    const decision = canEditIndicator(snapshot, actor, indicator, day);
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
  if (changes.length === 0) return { changed: [] };

  const now = c.get("clock").now().toISOString();
  const userId = c.get("principal")?.userId ?? null;
  const requestId = c.get("requestId");
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
    auditEvent(c, {
      departmentCode: code,
      action: source === "import" ? "report.import" : "report.values.save",
      entityType: "report",
      entityId: period,
      before: { version: snapshot.version },
      after: { version: snapshot.version + 1, changed: changes.map((ch) => ch.indicator) },
    }),
  ];
  try {
    await guardedBatch(db, conditional, statements);
  } catch (error) {
    if (error instanceof StaleWrite) throw stale();
    throw error;
  }
  return { changed: changes.map((ch) => ch.indicator) };
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

function canEditIndicator(
  snapshot: ReturnType<typeof snapshotOf>,
  actor: Actor,
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
  c: Ctx,
  period: string,
  action: ReportAction,
  ifMatch: string | undefined,
  reason?: string,
) {
  // One read: completeness is judged on the very version the conditional write expects.
  const { view, report, department } = await loadView(c, period);
  if (ifMatch !== undefined && versionFromIfMatch(ifMatch) !== view.version) throw stale();
  const db = c.get("db");
  const code = c.get("tenant").departmentCode;
  const snapshot = snapshotOf(period, report, department);
  const now = c.get("clock").now().toISOString();
  const decision = transition(snapshot, action, actorOf(c), {
    today: today(c),
    now,
    reason,
    missing: missingIndicators(
      view.items.map((i) => i.indicator),
      view.items.map((i) => ({ indicator: i.indicator, state: i.state })),
    ),
  });
  if (!decision.allowed) throw denialError(decision);
  const userId = c.get("principal")?.userId ?? null;
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
  try {
    await guardedBatch(db, conditional, [
      auditEvent(c, {
        departmentCode: code,
        action: `report.${action}`,
        entityType: "report",
        entityId: period,
        before: { status: snapshot.status, version: snapshot.version },
        after: { status: ch.status, version: snapshot.version + 1, ...(reason ? { reason } : {}) },
      }),
    ]);
  } catch (error) {
    if (error instanceof StaleWrite) throw stale();
    throw error;
  }
}

const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/**
 * Imports a CSV or XLSX file into a quarter report: the whole file is checked first (every error
 * with its line and column, in French) and nothing is written unless every line is right.
 */
export async function importReport(c: Ctx, period: string, bytes: Uint8Array, ifMatch: string | undefined) {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new AppError(413, "file_too_large", "Fichier trop volumineux : 2 Mo au plus.", {
      errors: [{ in: "file", pointer: "", detail: "2 Mo au plus" }],
    });
  }
  const view = await reportView(c, period);
  const version = ifMatch === undefined ? view.version : versionFromIfMatch(ifMatch);
  if (version !== view.version) throw stale();
  const read = readRows(bytes);
  if (!read.ok) {
    throw new AppError(422, "unreadable_file", read.detail, {
      errors: [{ in: "file", pointer: "", detail: read.detail }],
    });
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
  const { changed } = await saveValues(
    c,
    period,
    parsed.entries.map((e) => ({
      indicator: e.indicator,
      state: e.state,
      value: e.value,
      comment: e.comment,
    })),
    version,
    "import",
    { in: "file", pointerOf: (i) => `/lines/${parsed.entries[i]?.line ?? 0}` },
  );
  return { changed, unchanged: parsed.entries.length - changed.length, skipped: parsed.skipped };
}

/**
 * Status, due date, completeness and punctuality of several quarters at once (the list of
 * quarters): a handful of grouped queries instead of one full report per quarter.
 */
export async function reportSummaries(c: Ctx, periods: string[]) {
  const db = c.get("db");
  const code = c.get("tenant").departmentCode;
  const [department, counts, rows, answered] = await Promise.all([
    departmentOf(db, code),
    activeIndicatorCounts(db, code),
    reportsIn(db, code, periods),
    answeredCounts(db, periods, code),
  ]);
  if (!department) throw notFound("Ce département n'existe pas.");
  const day = today(c);
  return periods.map((period) => {
    const [row] = completenessRows({
      period,
      today: day,
      departments: [department],
      indicators: counts,
      reports: rows.filter((r) => r.period === period),
      answered: answered.filter((a) => a.period === period),
    });
    const { departmentCode: _d, departmentName: _n, ...summary } = row as NonNullable<typeof row>;
    return { period, opensOn: opensOn(period), open: !isFuture(period, day), ...summary };
  });
}
