import { eq } from "drizzle-orm";
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
  /** What `mail_log` keeps instead of `text` (and of `html`, then not logged): e.g. a sign-in link masked. */
  logText?: string;
};
export type MailResult = { id: string; status: "sent" | "outbox" | "duplicate" };

export interface Mailer {
  send(mail: Mail): Promise<MailResult>;
}

type EmailBinding = {
  send(message: { from: string; to: string; subject: string; text: string; html?: string }): Promise<unknown>;
};

/**
 * The one mailer. Every message is written to `mail_log` first; a message whose idempotency key
 * was already logged is not sent again. In development the log is the outbox (nothing leaves the
 * machine); otherwise the message goes through the `send_email` binding and a failure is recorded
 * and rethrown so the caller (a queue consumer) retries.
 */
export function createMailer(opts: {
  db: Db;
  clock: Clock;
  deliver: boolean;
  from: string;
  email?: EmailBinding;
}): Mailer {
  const { db, clock } = opts;
  return {
    async send(mail) {
      const id = newId();
      const now = clock.now().toISOString();
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
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: mailLog.id });
      if (inserted.length === 0) {
        if (!mail.idempotencyKey) throw new Error("mail_log insert failed");
        const [existing] = await db
          .select()
          .from(mailLog)
          .where(eq(mailLog.idempotencyKey, mail.idempotencyKey));
        if (existing && existing.status !== "failed" && existing.status !== "pending") {
          return { id: existing.id, status: "duplicate" };
        }
        if (!existing) throw new Error("mail_log lost a row");
        return deliver(existing.id, mail);
      }
      if (!opts.deliver) return { id, status: "outbox" };
      return deliver(id, mail);
    },
  };

  async function deliver(id: string, mail: Mail): Promise<MailResult> {
    if (!opts.email) throw new Error("no email binding");
    try {
      await opts.email.send({
        from: opts.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    } catch (error) {
      await db
        .update(mailLog)
        .set({ status: "failed", error: String(error) })
        .where(eq(mailLog.id, id));
      throw error;
    }
    await db
      .update(mailLog)
      .set({ status: "sent", sentAt: clock.now().toISOString(), error: null })
      .where(eq(mailLog.id, id));
    return { id, status: "sent" };
  }
}
