import type { BatchItem } from "drizzle-orm/batch";
import {
  DASHBOARD_SECTION_KEYS,
  type DashboardSectionKey,
  type DashboardSections,
} from "../../shared/dashboard";
import type { Db } from "./db";

/**
 * The département's dashboard is made of sections, one per capability (reports, governance,
 * contracts, conventions, reminders), like derived providers and reminder sources: each capability
 * declares its own in `functions/<capability>/dashboard.ts` and functions/dashboard-sections.ts
 * lists them; the dashboard capability knows none of them. Every section's statements go in ONE
 * `db.batch`, so the whole dashboard costs one round trip after the caller's.
 */

export type DashboardScope = {
  departmentCode: string;
  /** null: the whole département (prefecture, national); else the member's organisations only. */
  organisationIds: readonly string[] | null;
  /** The caller (a member sees the reminders sent to them, the conventions they sign as trainee). */
  userId: string;
  /** The French calendar day (Europe/Paris), `YYYY-MM-DD`. */
  today: string;
  /** The instant, ISO. */
  now: string;
};

/** One statement, placed by the dashboard in its single batch. */
export type DashboardStatement = BatchItem<"sqlite"> & PromiseLike<unknown>;

/** The rows of a section's statements, in their order. */
export type DashboardRows<Reads extends readonly DashboardStatement[]> = {
  -readonly [I in keyof Reads]: Awaited<Reads[I]>;
};

export interface DashboardSection<
  K extends DashboardSectionKey,
  Reads extends readonly DashboardStatement[],
> {
  readonly key: K;
  /** A few statements, whatever the amount of data: never one per row. */
  reads(db: Db, scope: DashboardScope): Reads;
  /** The section, from those statements' rows (pure: tested on hand-made rows too). */
  section(rows: DashboardRows<Reads>, scope: DashboardScope): DashboardSections[K];
}

/** Erases a section's row types so sections go in one list. */
export type AnyDashboardSection = {
  readonly key: DashboardSectionKey;
  reads(db: Db, scope: DashboardScope): readonly DashboardStatement[];
  section(rows: unknown[], scope: DashboardScope): DashboardSections[DashboardSectionKey];
};

export const dashboardSection = <K extends DashboardSectionKey, Reads extends readonly DashboardStatement[]>(
  section: DashboardSection<K, Reads>,
) => section as unknown as AnyDashboardSection;

export type DashboardRegistry = {
  /** Every section, read in one round trip. */
  read(db: Db, scope: DashboardScope): Promise<DashboardSections>;
  /** Statements the dashboard sends in its one batch (for the README's and tests' counts). */
  statementCount(db: Db, scope: DashboardScope): number;
};

/** Exactly one section per key of the dashboard (shared/dashboard.ts), checked when assembled. */
export function dashboardRegistry(sections: readonly AnyDashboardSection[]): DashboardRegistry {
  const byKey = new Map<DashboardSectionKey, AnyDashboardSection>();
  for (const s of sections) {
    if (byKey.has(s.key)) throw new Error(`dashboard section ${s.key} is declared twice`);
    byKey.set(s.key, s);
  }
  const missing = DASHBOARD_SECTION_KEYS.filter((k) => !byKey.has(k));
  if (missing.length) throw new Error(`dashboard sections missing: ${missing.join(", ")}`);
  const ordered = DASHBOARD_SECTION_KEYS.map((k) => byKey.get(k) as AnyDashboardSection);
  return {
    async read(db, scope) {
      const reads = ordered.map((s) => s.reads(db, scope));
      const all = reads.flat();
      const results = all.length
        ? ((await db.batch(all as unknown as Parameters<Db["batch"]>[0])) as readonly unknown[])
        : [];
      let at = 0;
      const out: Partial<Record<DashboardSectionKey, unknown>> = {};
      ordered.forEach((s, i) => {
        const n = reads[i]?.length ?? 0;
        out[s.key] = s.section(results.slice(at, at + n), scope);
        at += n;
      });
      return out as DashboardSections;
    },
    statementCount: (db, scope) => ordered.reduce((n, s) => n + s.reads(db, scope).length, 0),
  };
}
