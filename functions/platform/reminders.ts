import type { ReminderKind } from "../../shared/reminders";
import type { Db } from "./db";

/**
 * Reminder sources: each capability decides which of its reminders are due (reports: the quarter's
 * deadlines; contracts: contracts ending soon…) and functions/reminder-sources.ts lists them, as
 * derived-providers.ts lists derived indicators. The reminders capability runs them, resolves
 * who receives what, writes each reminder once under its deterministic key and enqueues it.
 */

/** Which cron started the run: the start of a quarter, or the daily run of working days. */
export type ReminderTrigger = "quarter_start" | "daily";

export type ReminderRun = {
  trigger: ReminderTrigger;
  /** The instant the run is for (the cron's scheduled time, or the clock for "send now"). */
  at: Date;
  /** The French calendar day of `at` (Europe/Paris), `YYYY-MM-DD`. */
  today: string;
  /** The départements concerned by this run (a département on a public holiday is left out). */
  departmentCodes: readonly string[];
};

/**
 * Who receives a reminder, resolved by the reminders capability in one grouped query for the
 * whole run: the prefecture's users of the département, the members of organisations, named users.
 */
export type Audience = {
  prefecture: boolean;
  organisationIds: readonly string[];
  /** Named users of the département (e.g. a trainee whose turn it is to sign). */
  userIds?: readonly string[];
};

export type DueReminder = {
  departmentCode: string;
  kind: ReminderKind;
  /** What it is about: a period (`2026-Q3`) or an entity id. Part of the key. */
  subject: string;
  /** Which occurrence: `once`, or e.g. the week of an overdue report (`w2`). Part of the key. */
  occurrence: string;
  audience: Audience;
  /** The email's subject line (French). */
  title: string;
  /** What to do, one or two sentences (French). */
  body: string;
  /** Why the person receives it (French), completed with their role by the renderer. */
  reason: string;
  /** The exact page to act on, a path of the UI (`/departements/62/trimestres/2026-Q3`). */
  link: string;
};

export interface ReminderSource {
  /** The kinds this source may produce. */
  readonly kinds: readonly ReminderKind[];
  /**
   * The reminders due at `run` for `run.departmentCodes`, in a bounded number of statements
   * whatever the number of départements (grouped queries; lists travel as JSON).
   */
  due(db: Db, run: ReminderRun): Promise<DueReminder[]>;
}

/** Codes as one bound parameter (D1 binds at most 100): `… in (select value from json_each(?))`. */
export const codesJson = (codes: readonly string[]) => JSON.stringify(codes);
