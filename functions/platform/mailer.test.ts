import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "../../test/factories";
import { fixedClock } from "./clock";
import { createMailer, MAIL_CLAIM_TIMEOUT_MS, type Mail } from "./mailer";
import { mailLog } from "./schema";

const NOW = "2026-11-10T10:00:00.000Z";

/** An email binding that holds every message until the test opens it, counting what it was given. */
function slowEmail() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const sent: string[] = [];
  return {
    sent,
    open,
    binding: {
      async send(message: { to: string }) {
        sent.push(message.to);
        await opened;
      },
    },
  };
}

const mailer = (email: { send(m: { to: string; text: string }): Promise<unknown> }, iso = NOW) =>
  createMailer({
    db: db(),
    clock: fixedClock(iso),
    deliver: true,
    from: "ne-pas-repondre@maillage.test",
    email,
  });

const mail = (key: string): Mail => ({
  to: `${key}@maillage.test`,
  subject: "Rappel",
  text: "Le rapport du trimestre est attendu.",
  idempotencyKey: key,
});

const rowOf = async (key: string) =>
  (await db().select().from(mailLog).where(eq(mailLog.idempotencyKey, key)))[0];

describe("the mailer sends a message once", () => {
  it("sends one email when two calls send the same key at the same time, with a slow binding", async () => {
    const email = slowEmail();
    const first = mailer(email.binding).send(mail("race"));
    const second = mailer(email.binding).send(mail("race"));
    const settled: string[] = [];
    for (const p of [first, second]) void p.then((r) => settled.push(r.status));
    // Either the loser answered while the winner is still sending, or both reached the binding.
    await vi.waitFor(() => expect(settled.length > 0 || email.sent.length > 1).toBe(true));
    email.open();
    const results = await Promise.all([first, second]);
    expect(email.sent).toEqual(["race@maillage.test"]);
    expect(results.map((r) => r.status).sort()).toEqual(["duplicate", "sent"]);
    expect(results[0].id).toBe(results[1].id);
    expect(await rowOf("race")).toMatchObject({ status: "sent", attempts: 1, error: null });
  });

  it("does not send again a message already sent", async () => {
    const email = slowEmail();
    email.open();
    expect((await mailer(email.binding).send(mail("twice"))).status).toBe("sent");
    expect((await mailer(email.binding).send(mail("twice"))).status).toBe("duplicate");
    expect(email.sent).toHaveLength(1);
    expect(await rowOf("twice")).toMatchObject({ attempts: 1 });
  });

  it("records a failure with its error, then sends on the next try and counts both attempts", async () => {
    const failing = { send: async () => Promise.reject(new Error("binding down")) };
    await expect(mailer(failing).send(mail("retry"))).rejects.toThrow("binding down");
    expect(await rowOf("retry")).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "Error: binding down",
    });

    const email = slowEmail();
    email.open();
    expect((await mailer(email.binding).send(mail("retry"))).status).toBe("sent");
    expect(email.sent).toHaveLength(1);
    expect(await rowOf("retry")).toMatchObject({ status: "sent", attempts: 2, error: "Error: binding down" });
  });

  it("leaves a recent claim alone but takes over one older than the timeout", async () => {
    const email = slowEmail();
    const stuck = mailer(email.binding).send(mail("stale"));
    await vi.waitFor(() => expect(email.sent).toHaveLength(1));
    // The first sender is still in the binding (its Worker may have died): a call now stays out.
    expect((await mailer(email.binding).send(mail("stale"))).status).toBe("duplicate");
    expect(email.sent).toHaveLength(1);

    const later = new Date(Date.parse(NOW) + MAIL_CLAIM_TIMEOUT_MS + 1000).toISOString();
    const takeover = mailer(email.binding, later).send(mail("stale"));
    await vi.waitFor(() => expect(email.sent).toHaveLength(2));
    expect(await rowOf("stale")).toMatchObject({ status: "sending", attempts: 2, claimedAt: later });
    email.open();
    await Promise.all([stuck, takeover]);
    expect(await rowOf("stale")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a failure of a claim taken over does not overwrite the new claim", async () => {
    let fail = (_: Error) => {};
    const failing = {
      send: () =>
        new Promise((_, reject) => {
          fail = reject;
        }),
    };
    const stuck = mailer(failing).send(mail("late-failure"));
    await vi.waitFor(() => expect(rowOf("late-failure")).resolves.toMatchObject({ status: "sending" }));
    const later = new Date(Date.parse(NOW) + MAIL_CLAIM_TIMEOUT_MS + 1000).toISOString();
    const email = slowEmail();
    const takeover = mailer(email.binding, later).send(mail("late-failure"));
    await vi.waitFor(() => expect(email.sent).toHaveLength(1));
    fail(new Error("timeout"));
    await expect(stuck).rejects.toThrow("timeout");
    expect(await rowOf("late-failure")).toMatchObject({ status: "sending", claimedAt: later, error: null });
    email.open();
    expect((await takeover).status).toBe("sent");
  });

  it("sends the message itself while the log keeps its masked text", async () => {
    const email = { sent: [] as string[], send: async (m: { text: string }) => void email.sent.push(m.text) };
    await mailer(email).send({ ...mail("masked"), text: "lien secret", logText: "[lien masqué]" });
    expect(email.sent).toEqual(["lien secret"]);
    expect(await rowOf("masked")).toMatchObject({ status: "sent", text: "[lien masqué]" });
  });

  it("in development only writes the outbox, once per key", async () => {
    const outbox = createMailer({
      db: db(),
      clock: fixedClock(NOW),
      deliver: false,
      from: "x@maillage.test",
    });
    expect((await outbox.send(mail("dev"))).status).toBe("outbox");
    expect((await outbox.send(mail("dev"))).status).toBe("duplicate");
    expect(await rowOf("dev")).toMatchObject({ status: "outbox", attempts: 0 });
  });
});
