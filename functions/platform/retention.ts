import { and, isNotNull, lt, ne, or } from "drizzle-orm";
import type { Db } from "./db";
import { mailLog } from "./schema";

/** Mail bodies are kept this long for support ("did the mail go out, what did it say?"), then blanked. */
export const MAIL_BODY_RETENTION_DAYS = 30;
export const PURGED_MAIL_TEXT = "[contenu supprimé après 30 jours]";
/** The cron of wrangler.toml's [triggers] that runs the purges. */
export const DAILY_PURGE_CRON = "17 3 * * *";

/**
 * Blanks the text and HTML of mails logged more than 30 days before `now`; the row stays (to,
 * subject, status, dates) as the delivery log. Returns how many mails were purged.
 */
export async function purgeMailBodies(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - MAIL_BODY_RETENTION_DAYS * 86_400_000).toISOString();
  const result = await db
    .update(mailLog)
    .set({ text: PURGED_MAIL_TEXT, html: null })
    .where(
      and(lt(mailLog.createdAt, before), or(ne(mailLog.text, PURGED_MAIL_TEXT), isNotNull(mailLog.html))),
    )
    .run();
  return result.meta.changes;
}
