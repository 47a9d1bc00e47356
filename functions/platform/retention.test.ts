import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db, user } from "../../test/factories";
import wranglerToml from "../../wrangler.toml?raw";
import { purgeExpiredSignins } from "../auth/retention";
import { sessions, verificationTokens } from "../auth/schema";
import worker from "../index";
import { cronJobId } from "../scheduled";
import { newId } from "./ids";
import { DAILY_PURGE_CRON, PURGED_MAIL_TEXT, purgeMailBodies } from "./retention";
import { mailLog } from "./schema";

const DAY = 86_400_000;

async function logMail(
  createdAt: Date,
  text = "Ouvrez https://maillage.test/api/auth/callback/email?token=secret",
) {
  const id = newId();
  await db()
    .insert(mailLog)
    .values({
      id,
      to: `${id}@maillage.test`,
      subject: "Votre lien de connexion à Maillage",
      text,
      html: `<p>${text}</p>`,
      status: "sent",
      createdAt: createdAt.toISOString(),
    });
  return id;
}

const mail = async (id: string) => (await db().select().from(mailLog).where(eq(mailLog.id, id)))[0];

describe("mail retention", () => {
  it("purgeMailBodies blanks the bodies of mails older than 30 days and keeps the rest of the row", async () => {
    const now = new Date("2026-12-02T03:17:00Z");
    const old = await logMail(new Date(now.getTime() - 30 * DAY - 1000));
    const recent = await logMail(new Date(now.getTime() - 29 * DAY));

    expect(await purgeMailBodies(db(), now)).toBeGreaterThanOrEqual(1);
    expect(await mail(old)).toMatchObject({
      text: PURGED_MAIL_TEXT,
      html: null,
      status: "sent",
      subject: "Votre lien de connexion à Maillage",
    });
    expect((await mail(recent))?.text).toContain("token=secret");
    // Nothing left to purge: a second run changes nothing.
    expect(await purgeMailBodies(db(), now)).toBe(0);
  });

  it("the Worker's scheduled handler purges on the daily cron, which wrangler.toml declares", async () => {
    const scheduledTime = Date.parse("2027-03-01T03:17:00Z");
    const old = await logMail(new Date(scheduledTime - 31 * DAY));

    const other = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime }), env, other);
    await waitOnExecutionContext(other);
    expect((await mail(old))?.text).toContain("token=secret");

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: DAILY_PURGE_CRON, scheduledTime }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await mail(old))?.text).toBe(PURGED_MAIL_TEXT);

    const crons = /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(wranglerToml)?.[1] ?? "";
    expect(crons).toContain(`"${DAILY_PURGE_CRON}"`);
  });

  it("the deployed Worker's scheduled entry point purges as the system, its job id in the log", async () => {
    const scheduledTime = Date.parse("2027-06-01T03:17:00Z");
    const old = await logMail(new Date(scheduledTime - 31 * DAY));
    const log = vi.spyOn(console, "log");
    // Here the call returns before the run's waitUntil work ends: wait for its last step, the log line.
    // workerd's Fetcher.scheduled, which the generated types leave out of `exports.default`.
    const deployed = exports.default as unknown as {
      scheduled(event: { cron: string; scheduledTime: Date }): Promise<unknown>;
    };
    await deployed.scheduled({ cron: DAILY_PURGE_CRON, scheduledTime: new Date(scheduledTime) });
    const jobId = cronJobId({ cron: DAILY_PURGE_CRON, scheduledTime });
    expect(jobId).toBe("cron:17 3 * * *@2027-06-01T03:17:00.000Z");
    await vi.waitFor(() => {
      const lines = log.mock.calls.map(([line]) => String(line));
      expect(
        lines.some((l) => l.includes('"message":"daily purge"') && l.includes(`"jobId":"${jobId}"`)),
      ).toBe(true);
    });
    log.mockRestore();
    expect((await mail(old))?.text).toBe(PURGED_MAIL_TEXT);
  });

  it("purgeExpiredSignins deletes expired sessions and magic-link tokens only", async () => {
    const u = await user("member", null);
    const now = new Date("2028-01-01T00:00:00Z");
    await db()
      .insert(sessions)
      .values([
        {
          sessionToken: "expired-session",
          userId: u.id,
          createdAt: now,
          expires: new Date(now.getTime() - 1),
        },
        {
          sessionToken: "live-session",
          userId: u.id,
          createdAt: now,
          expires: new Date(now.getTime() + DAY),
        },
      ]);
    await db()
      .insert(verificationTokens)
      .values([
        { identifier: "a@example.org", token: "expired-token", expires: new Date(now.getTime() - 1) },
        { identifier: "a@example.org", token: "live-token", expires: new Date(now.getTime() + DAY) },
      ]);
    await purgeExpiredSignins(db(), now);
    const tokens = (await db().select().from(sessions)).map((s) => s.sessionToken);
    expect(tokens).toContain("live-session");
    expect(tokens).not.toContain("expired-session");
    const magic = (await db().select().from(verificationTokens)).map((v) => v.token);
    expect(magic).toEqual(expect.arrayContaining(["live-token"]));
    expect(magic).not.toContain("expired-token");
  });
});
