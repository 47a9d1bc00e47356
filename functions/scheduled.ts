import { purgeExpiredSignins } from "./auth/retention";
import { cleanOrphanDocuments } from "./contracts/documents";
import { derived } from "./derived-providers";
import { systemActor } from "./platform/context";
import { DAILY_PURGE_CRON, purgeMailBodies } from "./platform/retention";
import { createServices } from "./platform/services";
import { reminderSources } from "./reminder-sources";
import { type JobDeps, scheduledReminders } from "./reminders/jobs";

/**
 * The job id of one cron run: the cron and the time it was scheduled for. Anything the run audits
 * does so as `systemActor("system:cron", jobId)`; its log lines carry it too.
 */
export const cronJobId = ({ cron, scheduledTime }: Pick<ScheduledController, "cron" | "scheduledTime">) =>
  `cron:${cron}@${new Date(scheduledTime).toISOString()}`;

/** The Worker's `scheduled` handler, dispatching by cron expression (wrangler.toml `[triggers]`). */
export function createScheduled(
  deps: JobDeps = { derived, reminderSources },
): ExportedHandlerScheduledHandler<Env> {
  return (controller, env, ctx) => {
    const jobId = cronJobId(controller);
    if (controller.cron === DAILY_PURGE_CRON) {
      const { db } = createServices(env, deps);
      const now = new Date(controller.scheduledTime);
      ctx.waitUntil(
        (async () => {
          const mails = await purgeMailBodies(db, now);
          const signins = await purgeExpiredSignins(db, now);
          // R2 objects whose D1 row was never written (an upload that died between the two steps).
          const orphans = (
            await cleanOrphanDocuments(db, env.DOCUMENTS, now, systemActor("system:cron", jobId))
          ).length;
          console.log(
            JSON.stringify({ level: "info", message: "daily purge", jobId, mails, ...signins, orphans }),
          );
        })(),
      );
      return;
    }
    ctx.waitUntil(
      (async () => {
        const result = await scheduledReminders(env, deps, controller);
        if (result)
          console.log(JSON.stringify({ level: "info", message: "reminders run", jobId, ...result }));
      })(),
    );
  };
}

export const scheduled = createScheduled();
