import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Clock } from "./clock";
import type { Db } from "./db";
import { newId } from "./ids";
import { mailLog } from "./schema";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  idempotencyKey?: string;
  /** Extra headers where the binding takes them (e.g. RFC 8058 `List-Unsubscribe`). */
  headers?: Record<string, string>;
  /** What `mail_log` keeps instead of `text` (and of `html`, then not logged): e.g. a sign-in link masked. */
  logText?: string;
};
export type MailResult = { id: string; status: "sent" | "outbox" | "duplicate" };

export interface Mailer {
  send(mail: Mail): Promise<MailResult>;
}

type EmailBinding = {
  send(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers?: Record<string, string>;
  }): Promise<unknown>;
};

/** A send claimed longer ago than this is presumed dead (its Worker was evicted): another may take it over. */
export const MAIL_CLAIM_TIMEOUT_MS = 5 * 60_000;

/**
 * The one mailer. Every message is written to `mail_log` first; a message whose idempotency key
 * was already logged is not sent again. In development the log is the outbox (nothing leaves the
 * machine); otherwise the message goes through the `send_email` binding.
 *
 * Exactly once under concurrency: before sending, a send claims the row with one conditional
 * UPDATE (`pending`/`failed` → `sending`); only the send whose UPDATE changed the row delivers,
 * the others answer `duplicate`. A claim older than `claimTimeoutMs` can be taken over. Each claim
 * counts one attempt; a failure keeps its error (kept after a later success too, to explain the
 * attempts) and is rethrown so the caller (a queue consumer) retries.
 */
export function createMailer(opts: {
  db: Db;
  clock: Clock;
  deliver: boolean;
  from: string;
  email?: EmailBinding;
  claimTimeoutMs?: number;
}): Mailer {
  const { db, clock } = opts;
  const claimTimeoutMs = opts.claimTimeoutMs ?? MAIL_CLAIM_TIMEOUT_MS;
  return {
    async send(mail) {
      const id = newId();
      const inserted = await db
        .insert(mailLog)
        .values({
          id,
          idempotencyKey: mail.idempotencyKey ?? null,
          to: mail.to,
          subject: mail.subject,
          text: mail.logText ?? mail.text,
          html: mail.logText === undefined ? (mail.html ?? null) : null,
          status: opts.deliver ? "pending" : "outbox",
          createdAt: clock.now().toISOString(),
        })
        .onConflictDoNothing()
        .returning({ id: mailLog.id });
      if (inserted.length > 0)
        return opts.deliver ? deliver(eq(mailLog.id, id), mail) : { id, status: "outbox" };
      if (!mail.idempotencyKey) throw new Error("mail_log insert failed");
      return deliver(eq(mailLog.idempotencyKey, mail.idempotencyKey), mail);
    },
  };

  async function deliver(row: ReturnType<typeof eq>, mail: Mail): Promise<MailResult> {
    const now = clock.now();
    const claimedAt = now.toISOString();
    const stale = new Date(now.getTime() - claimTimeoutMs).toISOString();
    const [claimed] = await db
      .update(mailLog)
      .set({ status: "sending", claimedAt, attempts: sql`${mailLog.attempts} + 1` })
      .where(
        and(
          row,
          or(
            inArray(mailLog.status, ["pending", "failed"]),
            and(eq(mailLog.status, "sending"), lt(mailLog.claimedAt, stale)),
          ),
        ),
      )
      .returning();
    if (!claimed) {
      // Sent, in the outbox, or being sent by another call right now.
      const [existing] = await db.select({ id: mailLog.id }).from(mailLog).where(row);
      if (!existing) throw new Error("mail_log lost a row");
      return { id: existing.id, status: "duplicate" };
    }
    // A claim is identified by its time: a takeover is always at least the timeout later.
    const ours = and(
      eq(mailLog.id, claimed.id),
      eq(mailLog.status, "sending"),
      eq(mailLog.claimedAt, claimedAt),
    );
    try {
      if (!opts.email) throw new Error("no email binding");
      await opts.email.send({
        from: opts.from,
        // The caller's message, not the logged one: the log may keep a masked text (`logText`).
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
    } catch (error) {
      await db
        .update(mailLog)
        .set({ status: "failed", error: String(error) })
        .where(ours);
      throw error;
    }
    await db
      .update(mailLog)
      .set({ status: "sent", sentAt: clock.now().toISOString() })
      .where(eq(mailLog.id, claimed.id));
    return { id: claimed.id, status: "sent" };
  }
}
