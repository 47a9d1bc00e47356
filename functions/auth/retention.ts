import { lt } from "drizzle-orm";
import type { Db } from "../platform/db";
import { sessions, verificationTokens } from "./schema";

/** Deletes expired sessions and magic-link tokens (unknown addresses get tokens too: see auth/config.ts). */
export async function purgeExpiredSignins(db: Db, now: Date) {
  const s = await db.delete(sessions).where(lt(sessions.expires, now)).run();
  const v = await db.delete(verificationTokens).where(lt(verificationTokens.expires, now)).run();
  return { sessions: s.meta.changes, verificationTokens: v.meta.changes };
}
