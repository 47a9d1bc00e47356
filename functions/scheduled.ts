import { purgeExpiredSignins } from "./auth/retention";
import { createDb } from "./platform/db";
import { DAILY_PURGE_CRON, purgeMailBodies } from "./platform/retention";

/** The Worker's `scheduled` handler. */
export const scheduled: ExportedHandlerScheduledHandler<Env> = (controller, env, ctx) => {
  if (controller.cron !== DAILY_PURGE_CRON) return;
  const db = createDb(env.DB);
  const now = new Date(controller.scheduledTime);
  ctx.waitUntil(
    (async () => {
      const mails = await purgeMailBodies(db, now);
      const signins = await purgeExpiredSignins(db, now);
      console.log(JSON.stringify({ level: "info", message: "daily purge", mails, ...signins }));
    })(),
  );
};
