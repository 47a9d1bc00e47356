import { type Clock, systemClock } from "./clock";
import { createDb, type Db } from "./db";
import type { DerivedRegistry } from "./derived";
import { createMailer, type Mailer } from "./mailer";
import type { ReminderSource } from "./reminders";

/**
 * What every piece of work needs, whoever starts it: the fetch handler (through a middleware, see
 * app.ts), a cron run (`scheduled`) or a queue consumer (`queue`). Built from the Worker's `env`
 * alone: no request, no Hono context. Services and data access take these (and the tenant and
 * actor) as arguments.
 */
export type Services = {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  /** The derived indicators of every capability (assembled in functions/derived-providers.ts). */
  derived: DerivedRegistry;
  /** Every capability's reminder source (assembled in functions/reminder-sources.ts). */
  reminderSources: readonly ReminderSource[];
};

export type ServiceDeps = {
  derived: DerivedRegistry;
  reminderSources?: readonly ReminderSource[];
  clock?: Clock;
  mailer?: (env: Env) => Mailer;
};

export function createServices(env: Env, deps: ServiceDeps): Services {
  const db = createDb(env.DB);
  const clock = deps.clock ?? systemClock;
  const mailer =
    deps.mailer?.(env) ??
    createMailer({
      db,
      clock,
      deliver: env.ENVIRONMENT !== "development",
      from: env.MAIL_FROM,
      email: env.EMAIL,
    });
  return { db, clock, mailer, derived: deps.derived, reminderSources: deps.reminderSources ?? [] };
}
