import type { Clock } from "../platform/clock";
import { countingD1, newD1Stats } from "../platform/d1-stats";
import type { DerivedRegistry } from "../platform/derived";
import type { Mailer } from "../platform/mailer";
import type { ReminderSource } from "../platform/reminders";
import { createServices } from "../platform/services";
import { triggerOf } from "./calendar";
import { reminderMail } from "./mail";
import { deliver, markFailed, type ReminderMessage, retryDelaySeconds, runReminders } from "./service";
import { unsubscribeToken } from "./unsubscribe";

/** The dead-letter queue's name (wrangler.toml): its messages exhausted their retries. */
export const REMINDERS_DLQ = "maillage-reminders-dlq";

export type JobDeps = {
  derived: DerivedRegistry;
  reminderSources: readonly ReminderSource[];
  clock?: Clock;
  mailer?: (env: Env) => Mailer;
};

/** The reminders' part of the `scheduled` handler: null when the cron is not a reminder run. */
export function reminderRunFor(controller: Pick<ScheduledController, "cron" | "scheduledTime">) {
  return triggerOf(controller.cron, new Date(controller.scheduledTime));
}

export async function scheduledReminders(
  env: Env,
  deps: JobDeps,
  controller: Pick<ScheduledController, "cron" | "scheduledTime">,
) {
  const trigger = reminderRunFor(controller);
  if (!trigger) return null;
  // The benchmark sets D1_STATS=1 (never in production): the run then reports its D1 work.
  const stats = (env as { D1_STATS?: string }).D1_STATS === "1" ? newD1Stats() : null;
  const services = createServices(stats ? { ...env, DB: countingD1(env.DB, stats) } : env, deps);
  const started = Date.now();
  const result = await runReminders(
    services,
    env.REMINDERS,
    services.reminderSources,
    trigger,
    new Date(controller.scheduledTime),
  );
  return { ...result, ms: Date.now() - started, ...(stats ?? {}) };
}

/**
 * The queue consumer: one reminder email per message. A failed send is retried with backoff
 * (1, 4, 16 min); after the last retry the queue moves the message to the dead-letter queue,
 * whose consumer (this same handler) marks the reminder failed.
 */
export function reminderQueueHandler(deps: JobDeps) {
  return async (batch: MessageBatch<ReminderMessage>, env: Env, _ctx?: ExecutionContext) => {
    const services = createServices(env, deps);
    if (batch.queue === REMINDERS_DLQ) {
      for (const message of batch.messages) {
        await markFailed(services.db, message.body.id);
        message.ack();
      }
      return;
    }
    for (const message of batch.messages) {
      const outcome = await deliver(services, message.body.id, async (row) =>
        reminderMail(
          row,
          env.AUTH_URL,
          await unsubscribeToken(env.AUTH_SECRET, row.userId, row.kind, services.clock.now()),
        ),
      );
      if (outcome === "retry") message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      else message.ack();
    }
  };
}
