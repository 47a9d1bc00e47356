import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  call,
  callAt,
  db,
  department,
  indicator,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { contracts } from "../contracts/schema";
import { derived } from "../derived-providers";
import worker from "../index";
import { indicatorAssignments, indicators } from "../indicators/schema";
import { fixedClock } from "../platform/clock";
import { createMailer } from "../platform/mailer";
import { mailLog } from "../platform/schema";
import { createServices } from "../platform/services";
import { reminderSources } from "../reminder-sources";
import { REMINDERS_DLQ, reminderQueueHandler } from "./jobs";
import { notificationPreferences, reminders } from "./schema";
import { type ReminderMessage, type ReminderQueue, runReminders } from "./service";
import { unsubscribeToken } from "./unsubscribe";

/** A queue that records what is sent to it (a run's messages). */
function recordingQueue() {
  const sent: string[] = [];
  const queue: ReminderQueue = {
    async sendBatch(messages) {
      for (const m of messages) sent.push((m.body as ReminderMessage).id);
      return undefined as never;
    },
  };
  return { queue, sent };
}

const run = (at: string, queue: ReminderQueue, trigger: "quarter_start" | "daily" = "daily") =>
  runReminders(createServices(env, { derived }), queue, reminderSources, trigger, new Date(at));

const rowsOf = (code: string) => db().select().from(reminders).where(eq(reminders.departmentCode, code));

let prefecture62: TestUser;
let prefecture59: TestUser;
let responsibleMember: TestUser;
let otherMember: TestUser;
let carrierMember: TestUser;

beforeAll(async () => {
  await department("62");
  await department("59");
  const responsible = await organisation("62", { name: "France Victimes 62" });
  const other = await organisation("62", { name: "Autre association" });
  const cu = await organisation("62", { kind: "epci", name: "CU d'Arras", siren: "200033579", rna: null });
  prefecture62 = await user("prefecture", "62");
  prefecture59 = await user("prefecture", "59");
  responsibleMember = await user("member", "62", responsible.id);
  otherMember = await user("member", "62", other.id);
  carrierMember = await user("member", "62", cu.id);
  await db().insert(indicators).values(indicator("N48-1"));
  await db()
    .insert(indicatorAssignments)
    .values({ departmentCode: "62", indicatorCode: "N48-1", organisationId: responsible.id });
  const now = "2026-01-01T00:00:00Z";
  await db().insert(contracts).values({
    departmentCode: "62",
    id: "contract-1",
    title: "Contrat local d'Arras",
    carrierOrganisationId: cu.id,
    council: "cispd",
    coordinatorName: "A",
    coordinatorFunction: "B",
    coordinatorEmail: "a@cu-arras.fr",
    state: "signed",
    signedOn: "2026-03-01",
    startsOn: "2026-04-01",
    endsOn: "2026-12-15",
    createdAt: now,
    updatedAt: now,
  });
});

describe("a quarter-start run (1 October 2026, 08:00 Paris)", () => {
  const { queue, sent } = recordingQueue();

  it("writes one reminder per recipient and kind, and enqueues exactly those", async () => {
    const result = await run("2026-10-01T06:00:00Z", queue, "quarter_start");
    const rows62 = await rowsOf("62");
    const byKind = (kind: string) =>
      rows62
        .filter((r) => r.kind === kind && (r.subject === "2026-Q3" || kind === "contract_ending"))
        .map((r) => r.recipient)
        .sort();
    expect(byKind("quarter_open")).toEqual([prefecture62.email, responsibleMember.email].sort());
    // The contract ends on 15 December: within 90 days, to the prefecture and the carrier's members.
    expect(byKind("contract_ending")).toEqual([carrierMember.email, prefecture62.email].sort());
    expect(rows62.some((r) => r.recipient === otherMember.email)).toBe(false);
    expect((await rowsOf("59")).every((r) => r.recipient === prefecture59.email)).toBe(true);
    expect(result.queued).toBe(sent.length);
    expect(new Set(sent).size).toBe(sent.length);
    expect(rows62.every((r) => r.status === "queued" && r.key.startsWith(`62|${r.kind}|`))).toBe(true);
  });

  it("running it again enqueues nothing", async () => {
    const before = sent.length;
    const again = await run("2026-10-01T06:00:00Z", queue, "quarter_start");
    expect(again).toMatchObject({ queued: 0 });
    expect(again.due).toBeGreaterThan(0);
    expect(sent.length).toBe(before);
  });
});

describe("two runs at the same moment (2 November 2026: Q3 overdue)", () => {
  it("write and enqueue each reminder once between them", async () => {
    const a = recordingQueue();
    const b = recordingQueue();
    const [ra, rb] = await Promise.all([
      run("2026-11-02T07:30:00Z", a.queue),
      run("2026-11-02T07:30:00Z", b.queue),
    ]);
    const overdue = (await rowsOf("62")).filter(
      (r) => r.kind === "report_overdue" && r.subject === "2026-Q3",
    );
    expect(overdue.map((r) => r.recipient)).toEqual([prefecture62.email]);
    expect(ra.due).toBe(rb.due);
    const written = [...(await rowsOf("62")), ...(await rowsOf("59"))].filter(
      (r) => r.createdAt === "2026-11-02T07:30:00.000Z",
    );
    const fresh = new Set(written.map((r) => r.id));
    const messages = [...a.sent, ...b.sent].filter((id) => fresh.has(id));
    expect(new Set(messages).size).toBe(messages.length);
    expect(messages.length).toBe(fresh.size);
    expect(messages).toContain(overdue[0]?.id);
    expect(fresh.size).toBe(ra.queued + rb.queued);
  });

  it("the next week brings the next occurrence of the overdue reminder, and re-enqueues rows never tried", async () => {
    const { queue, sent } = recordingQueue();
    const result = await run("2026-11-09T07:30:00Z", queue);
    // The recording queues above delivered nothing: those rows are still queued, never attempted.
    const stranded = (await rowsOf("62")).filter((r) => r.createdAt < "2026-11-09T07:00:00Z");
    expect(result.requeued).toBeGreaterThanOrEqual(stranded.length);
    for (const r of stranded) expect(sent).toContain(r.id);
    const occurrences = (await rowsOf("62"))
      .filter((r) => r.kind === "report_overdue" && r.subject === "2026-Q3")
      .map((r) => r.occurrence)
      .sort();
    expect(occurrences).toEqual(["w0", "w1"]);
  });
});

/** Services whose mailer delivers through a fake binding (the tests run in development, the outbox). */
function deliveringDeps(send: (m: { to: string; headers?: Record<string, string> }) => Promise<unknown>) {
  return {
    derived,
    reminderSources,
    clock: fixedClock("2026-11-02T07:31:00Z"),
    mailer: (e: Env) =>
      createMailer({
        db: createServices(e, { derived }).db,
        clock: fixedClock("2026-11-02T07:31:00Z"),
        deliver: true,
        from: "ne-pas-repondre@maillage.test",
        email: { send },
      }),
  };
}

async function deliverBatch(
  handler: ReturnType<typeof reminderQueueHandler>,
  queueName: string,
  id: string,
  attempts = 1,
) {
  const batch = createMessageBatch<ReminderMessage>(queueName, [
    { id: `msg-${id}-${attempts}`, timestamp: new Date(), attempts, body: { id } },
  ]);
  const ctx = createExecutionContext();
  const message = batch.messages[0] as Message<ReminderMessage>;
  const retry = message.retry.bind(message);
  const delays: (number | undefined)[] = [];
  // The test batch records retries but not their delay: the delay asked for is read here.
  Object.defineProperty(message, "retry", {
    value: (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    },
  });
  await handler(batch, env);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

describe("the consumer", () => {
  it("sends a French email (text and HTML, the page, the reason, RFC 8058 headers) once, even delivered twice or at once", async () => {
    const sends: {
      to: string;
      subject?: string;
      text?: string;
      html?: string;
      headers?: Record<string, string>;
    }[] = [];
    const handler = reminderQueueHandler(
      deliveringDeps(async (m) => {
        sends.push(m);
      }),
    );
    const [row] = (await rowsOf("62")).filter(
      (r) => r.kind === "contract_ending" && r.recipient === carrierMember.email,
    );
    if (!row) throw new Error("no contract reminder");
    const results = await Promise.all([
      deliverBatch(handler, "maillage-reminders", row.id),
      deliverBatch(handler, "maillage-reminders", row.id),
    ]);
    const again = await deliverBatch(handler, "maillage-reminders", row.id, 2);
    expect(sends).toHaveLength(1);
    expect([...results, again].every((r) => r.explicitAcks.length === 1)).toBe(true);
    const [mail] = sends;
    expect(mail?.subject).toBe(
      "[Maillage] Le contrat local « Contrat local d'Arras » prend fin le 15/12/2026",
    );
    expect(mail?.text).toContain("https://maillage.test/departements/62/contrats/contract-1");
    expect(mail?.text).toContain("Vous recevez ce message car votre organisation porte ce contrat");
    expect(mail?.html).toContain('<a href="https://maillage.test/departements/62/contrats/contract-1">');
    expect(mail?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail?.headers?.["List-Unsubscribe"]).toMatch(
      /^<https:\/\/maillage\.test\/api\/v1\/unsubscribe\?token=.+>$/,
    );
    const [after] = await db().select().from(reminders).where(eq(reminders.id, row.id));
    expect(after).toMatchObject({ status: "sent", sentAt: "2026-11-02T07:31:00.000Z" });
  });

  it("the overdue report has no unsubscribe link and says so", async () => {
    const sends: { text?: string; headers?: Record<string, string> }[] = [];
    const handler = reminderQueueHandler(deliveringDeps(async (m) => void sends.push(m)));
    const [row] = (await rowsOf("62")).filter((r) => r.kind === "report_overdue");
    if (!row) throw new Error("no overdue reminder");
    await deliverBatch(handler, "maillage-reminders", row.id);
    expect(sends[0]?.headers).toBeUndefined();
    expect(sends[0]?.text).toContain("Ce rappel est obligatoire et ne peut pas être désactivé.");
  });

  it("retries a failed send with backoff, then the dead-letter queue marks the reminder failed", async () => {
    const send = vi.fn(async () => {
      throw new Error("SMTP 451 temporairement indisponible");
    });
    const handler = reminderQueueHandler(deliveringDeps(send));
    const [row] = (await rowsOf("62")).filter(
      (r) => r.kind === "quarter_open" && r.recipient === responsibleMember.email,
    );
    if (!row) throw new Error("no quarter reminder");
    const delays: (number | undefined)[] = [];
    for (const attempt of [1, 2, 3, 4]) {
      const result = await deliverBatch(handler, "maillage-reminders", row.id, attempt);
      expect(result.retryMessages).toHaveLength(1);
      delays.push(...result.delays);
    }
    expect(delays).toEqual([60, 240, 960, 3840]);
    expect(send).toHaveBeenCalledTimes(4);
    const [retrying] = await db().select().from(reminders).where(eq(reminders.id, row.id));
    expect(retrying).toMatchObject({
      status: "queued",
      attempts: 4,
      lastError: "Error: SMTP 451 temporairement indisponible",
    });
    const dead = await deliverBatch(handler, REMINDERS_DLQ, row.id, 1);
    expect(dead.explicitAcks).toHaveLength(1);
    const [failed] = await db().select().from(reminders).where(eq(reminders.id, row.id));
    expect(failed?.status).toBe("failed");
    expect(send).toHaveBeenCalledTimes(4);
  });
});

describe("through the real cron and queue bindings", () => {
  it("the scheduled handler decides, the queue consumer sends, each reminder once", async () => {
    const ctx = createExecutionContext();
    // Monday 7 December 2026, 08:30 Paris (winter time).
    await worker.scheduled(
      createScheduledController({ cron: "30 7 * * 1-5", scheduledTime: new Date("2026-12-07T07:30:00Z") }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    await vi.waitFor(
      async () => {
        const rows = (await rowsOf("62")).filter((r) => r.createdAt.startsWith("2026-12-07"));
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.status === "sent")).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    const rows = (await rowsOf("62")).filter((r) => r.createdAt.startsWith("2026-12-07"));
    const mails = await db().select().from(mailLog);
    for (const r of rows)
      expect(mails.filter((m) => m.idempotencyKey === `reminder:${r.key}`)).toHaveLength(1);
  });

  it("the summer-time twin of the daily cron does nothing", async () => {
    const before = (await db().select().from(reminders)).length;
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: "30 6 * * 1-5", scheduledTime: new Date("2026-12-08T06:30:00Z") }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect((await db().select().from(reminders)).length).toBe(before);
  });
});

describe("preferences and one-click unsubscribe", () => {
  it("lists every kind, the overdue report mandatory, and refuses to turn it off (422 at its pointer)", async () => {
    const res = await call("GET", "/api/v1/me/notification-preferences", { headers: prefecture62.headers });
    const { items } = (await res.json()) as {
      items: { kind: string; enabled: boolean; mandatory: boolean }[];
    };
    expect(items.find((i) => i.kind === "report_overdue")).toMatchObject({ enabled: true, mandatory: true });
    const refused = await call("PUT", "/api/v1/me/notification-preferences", {
      headers: prefecture62.headers,
      body: { preferences: [{ kind: "report_overdue", enabled: false }] },
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe(
      "/preferences/0/enabled",
    );
  });

  it("a valid link turns the kind off without sign-in, and the next run leaves the person out", async () => {
    const token = await unsubscribeToken(env.AUTH_SECRET, carrierMember.id, "contract_ending", new Date());
    const res = await call("POST", `/api/v1/unsubscribe?token=${encodeURIComponent(token)}`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: "contract_ending", email: carrierMember.email });
    const [pref] = await db()
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, carrierMember.id));
    expect(pref).toMatchObject({ kind: "contract_ending", enabled: false });
    // The contract's end moves (an amendment): a new occurrence, but not for this person.
    await db().update(contracts).set({ endsOn: "2026-12-31" }).where(eq(contracts.id, "contract-1"));
    await run("2026-12-09T07:30:00Z", recordingQueue().queue);
    const newOnes = (await rowsOf("62")).filter(
      (r) => r.kind === "contract_ending" && r.occurrence === "2026-12-31",
    );
    expect(newOnes.map((r) => r.recipient)).toEqual([prefecture62.email]);
  });

  it("a tampered link is refused (400), an expired one too (410)", async () => {
    const token = await unsubscribeToken(env.AUTH_SECRET, otherMember.id, "quarter_open", new Date());
    const [body, signature] = token.split(".");
    const forged = `${btoa(JSON.stringify({ u: prefecture62.id, k: "quarter_open", e: 9_999_999_999 })).replace(/=+$/, "")}.${signature}`;
    for (const bad of [`${body}.${signature?.slice(0, -2)}xx`, forged, "nimportequoi"]) {
      const res = await call("POST", `/api/v1/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("unsubscribe_invalid");
    }
    const old = await unsubscribeToken(
      env.AUTH_SECRET,
      otherMember.id,
      "quarter_open",
      new Date("2026-01-01T00:00:00Z"),
    );
    const expired = await callAt(
      "2026-03-10T00:00:00Z",
      "POST",
      `/api/v1/unsubscribe?token=${encodeURIComponent(old)}`,
    );
    expect(expired.status).toBe(410);
    expect(
      (
        await db()
          .select()
          .from(notificationPreferences)
          .where(eq(notificationPreferences.userId, otherMember.id))
      ).length,
    ).toBe(0);
  });
});

describe("the log, what comes next and send now", () => {
  it("the prefecture reads its département's log; another département's prefecture gets nothing", async () => {
    const res = await call("GET", "/api/v1/departments/62/reminders?limit=200", {
      headers: prefecture62.headers,
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: { recipient: string; status: string; attempts: number }[];
    };
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((i) => i.recipient === prefecture59.email)).toBe(false);
    expect(items.some((i) => i.status === "failed")).toBe(true);
    const other = await call("GET", "/api/v1/departments/62/reminders", { headers: prefecture59.headers });
    expect(other.status).toBe(403);
    const member = await call("GET", "/api/v1/departments/62/reminders", {
      headers: responsibleMember.headers,
    });
    expect(member.status).toBe(403);
  });

  it("lists the next run's reminders and sends one now, once", async () => {
    // Friday 23 October 2026 (Q3 due on 31 October): the next run is Monday 26 at 08:30 Paris (winter time).
    const { code, key } = { code: "59", key: "" };
    const res = await callAt(
      "2026-10-23T10:00:00Z",
      "GET",
      `/api/v1/departments/${code}/reminders/upcoming`,
      {
        headers: prefecture59.headers,
      },
    );
    const upcoming = (await res.json()) as { runAt: string; items: { key: string; kind: string }[] };
    expect(upcoming.runAt).toBe("2026-10-26T07:30:00.000Z");
    const soon = upcoming.items.find((i) => i.kind === "report_due_soon");
    expect(soon?.key).toBe(`59|report_due_soon|2026-Q3|${prefecture59.id}|once`);
    const first = await callAt("2026-10-23T10:00:00Z", "POST", `/api/v1/departments/59/reminders/send-now`, {
      headers: prefecture59.headers,
      body: { key: soon?.key ?? key },
    });
    expect(first.status).toBe(202);
    const second = await callAt("2026-10-23T10:00:01Z", "POST", `/api/v1/departments/59/reminders/send-now`, {
      headers: prefecture59.headers,
      body: { key: soon?.key },
    });
    expect(second.status).toBe(200);
    const after = await callAt("2026-10-23T10:00:02Z", "GET", "/api/v1/departments/59/reminders/upcoming", {
      headers: prefecture59.headers,
    });
    expect(
      ((await after.json()) as { items: { key: string }[] }).items.some((i) => i.key === soon?.key),
    ).toBe(false);
    // The real queue delivers it (development: to the outbox)…
    await vi.waitFor(
      async () => {
        const [row] = await db()
          .select()
          .from(reminders)
          .where(eq(reminders.key, soon?.key ?? ""));
        expect(row?.status).toBe("sent");
      },
      { timeout: 10_000, interval: 100 },
    );
    // …and the run itself then finds the row: nothing more is queued for that key.
    const { queue, sent } = recordingQueue();
    await run("2026-10-26T07:30:00Z", queue);
    const [row] = await db()
      .select()
      .from(reminders)
      .where(eq(reminders.key, soon?.key ?? ""));
    expect(sent).not.toContain(row?.id);
    const unknown = await callAt(
      "2026-10-23T10:00:00Z",
      "POST",
      "/api/v1/departments/59/reminders/send-now",
      {
        headers: prefecture59.headers,
        body: { key: `62|report_due_soon|2026-Q3|${prefecture62.id}|once` },
      },
    );
    expect(unknown.status).toBe(404);
  });
});
