import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, ORIGIN, setCookieLine } from "../../test/auth-browser";
import { callAt, db, department, user } from "../../test/factories";
import { type AppDeps, createApp } from "../app";
import { fixedClock, systemClock } from "../platform/clock";
import { createDb } from "../platform/db";
import { sha256Hex } from "../platform/ids";
import { createMailer, type Mail } from "../platform/mailer";
import { mailLog } from "../platform/schema";
import { authAdapter, SESSION_COOKIE } from "./config";
import { sessions } from "./schema";

type Sent = { to: string; text: string };
type Env = typeof env;

/** The app with other bindings or services; it answers once its `waitUntil` work is done. */
function appWith(options: { env?: Partial<Env>; mailer?: AppDeps["mailer"]; clock?: string } = {}) {
  const { app } = createApp({
    mailer: options.mailer,
    clock: options.clock ? fixedClock(options.clock) : undefined,
  });
  return async (req: Request) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(req, { ...env, ...options.env }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
}

/** Production: mail goes out through an `EMAIL` binding that records what it is given. */
function production(sent: Sent[]) {
  return appWith({
    env: { ENVIRONMENT: "production" },
    mailer: (e) =>
      createMailer({
        db: createDb(e.DB),
        clock: systemClock,
        deliver: true,
        from: e.MAIL_FROM,
        email: {
          async send(message) {
            sent.push(message);
          },
        },
      }),
  });
}

const linkIn = (text: string) => text.match(/https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/)?.[0];

describe("magic links in production", () => {
  beforeAll(async () => {
    await department("62");
  });

  it("the link points to AUTH_URL's origin whatever Host the request names", async () => {
    await user("member", "62", null, "host@maillage.test");
    const sent: Sent[] = [];
    const browser = new Browser(production(sent));
    const csrf = await browser.request("GET", "https://evil.example/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const asked = await browser.request("POST", "https://evil.example/api/auth/signin/email", {
      form: { email: "host@maillage.test", csrfToken, callbackUrl: "/" },
    });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe(`${ORIGIN}/api/auth/verify-request?provider=email&type=email`);
    expect(sent).toHaveLength(1);
    expect(linkIn(sent[0]?.text ?? "")?.startsWith(`${ORIGIN}/api/auth/callback/email?`)).toBe(true);
    expect(sent[0]?.text).not.toContain("evil.example");
  });

  it("mail_log keeps the link masked; the mailed link still signs in", async () => {
    await user("member", "62", null, "masked@maillage.test");
    const sent: Sent[] = [];
    const app = production(sent);
    const browser = new Browser(app);
    expect((await browser.askMagicLink("masked@maillage.test")).status).toBe(302);
    const link = linkIn(sent[0]?.text ?? "") as string;
    const token = new URL(link).searchParams.get("token") as string;
    expect(token.length).toBeGreaterThan(20);

    const [logged] = await db().select().from(mailLog).where(eq(mailLog.to, "masked@maillage.test"));
    expect(logged?.status).toBe("sent");
    expect(logged?.text).not.toContain(token);
    expect(logged?.text).not.toContain("token=");
    expect(logged?.text).toContain(`${ORIGIN}/api/auth/callback/email [lien masqué]`);

    const opened = await browser.request("GET", link);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/`);
    expect((await browser.request("GET", "/api/v1/me")).status).toBe(200);
  });
});

describe("magic links and timing", () => {
  beforeAll(async () => {
    await department("62");
  });

  it("the answer does not wait for the mail", async () => {
    await user("member", "62", null, "later@maillage.test");
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mails: Mail[] = [];
    const { app } = createApp({
      mailer: () => ({
        async send(mail) {
          await gate;
          mails.push(mail);
          return { id: "x", status: "outbox" };
        },
      }),
    });
    const ctx = createExecutionContext();
    const browser = new Browser(async (req) => app.fetch(req, env, ctx));
    // Without waitUntil this answer would wait on the gate, and the test would time out.
    const asked = await browser.askMagicLink("later@maillage.test");
    expect(asked.status).toBe(302);
    expect(mails).toHaveLength(0);
    release();
    await waitOnExecutionContext(ctx);
    expect(mails.map((m) => m.to)).toEqual(["later@maillage.test"]);
  });

  it("a known and an unknown address run the same database statements (the mail aside)", async () => {
    await user("member", "62", null, "same-work@maillage.test");
    const statementsFor = async (email: string) => {
      const statements: string[] = [];
      const counting = {
        prepare: (query: string) => {
          statements.push(query);
          return env.DB.prepare(query);
        },
        batch: (list: D1PreparedStatement[]) => env.DB.batch(list),
        exec: (query: string) => env.DB.exec(query),
      } as unknown as D1Database;
      const mails: Mail[] = [];
      const app = appWith({
        env: { DB: counting },
        mailer: () => ({
          async send(mail) {
            mails.push(mail);
            return { id: "x", status: "outbox" };
          },
        }),
      });
      const browser = new Browser(app);
      const csrfToken = await browser.csrfToken();
      statements.length = 0;
      const res = await browser.request("POST", "/api/auth/signin/email", {
        form: { email, csrfToken, callbackUrl: "/" },
      });
      expect(res.status).toBe(302);
      return { statements: statements.sort(), mails: mails.length };
    };
    const known = await statementsFor("same-work@maillage.test");
    const unknown = await statementsFor("nobody-here@example.org");
    expect(known.mails).toBe(1);
    expect(unknown.mails).toBe(0);
    expect(unknown.statements).toEqual(known.statements);
    expect(known.statements.some((q) => q.includes("verification_tokens"))).toBe(true);
  });
});

describe("sessions", () => {
  beforeAll(async () => {
    await department("62");
  });

  it("the database keeps only the SHA-256 of the session token", async () => {
    const u = await user("member", "62", null, "hashed@maillage.test");
    const browser = new Browser();
    const res = await browser.request("POST", "/api/auth/dev-signin", { json: { email: u.email } });
    expect(res.status).toBe(204);
    const token = browser.cookies.get(SESSION_COOKIE) as string;
    const rows = await db().select().from(sessions).where(eq(sessions.userId, u.id));
    expect(rows.map((r) => r.sessionToken)).toContain(await sha256Hex(token));
    expect(await db().select().from(sessions).where(eq(sessions.sessionToken, token))).toHaveLength(0);
    expect((await browser.request("GET", "/api/v1/me")).status).toBe(200);
  });

  it("a session used every day still ends 7 days after sign-in", async () => {
    const u = await user("member", "62", null, "lifetime@maillage.test");
    const signedInAt = new Date(Date.now() - 6 * 86_400_000);
    const browser = new Browser(appWith({ clock: signedInAt.toISOString() }));
    expect((await browser.request("POST", "/api/auth/dev-signin", { json: { email: u.email } })).status).toBe(
      204,
    );
    const token = browser.cookies.get(SESSION_COOKIE) as string;
    const end = signedInAt.getTime() + 7 * 86_400_000;

    // Used today: Auth.js slides the session to now + 7 days; the adapter keeps the end.
    const used = await new Browser().request("GET", "/api/auth/session", {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    expect(((await used.json()) as { user?: { email?: string } }).user?.email).toBe(u.email);
    const [row] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.sessionToken, await sha256Hex(token)));
    expect(row?.createdAt.getTime()).toBe(signedInAt.getTime());
    expect(row?.expires.getTime()).toBe(end);

    const headers = { cookie: `${SESSION_COOKIE}=${token}` };
    const before = await callAt(new Date(end - 60_000).toISOString(), "GET", "/api/v1/me", { headers });
    expect(before.status).toBe(200);
    const after = await callAt(new Date(end + 60_000).toISOString(), "GET", "/api/v1/me", { headers });
    expect(after.status).toBe(401);
  });

  it("the adapter never moves a session's end past 7 days after its creation", async () => {
    const u = await user("member", "62", null, "adapter@maillage.test");
    const createdAt = new Date("2026-11-01T08:00:00Z");
    const adapter = authAdapter(db(), fixedClock(createdAt.toISOString()));
    const session = await adapter.createSession?.({
      sessionToken: "raw-token-for-adapter-test",
      userId: u.id,
      expires: new Date("2030-01-01T00:00:00Z"),
    });
    const end = new Date(createdAt.getTime() + 7 * 86_400_000);
    expect(session).toEqual({ sessionToken: "raw-token-for-adapter-test", userId: u.id, expires: end });
    const updated = await adapter.updateSession?.({
      sessionToken: "raw-token-for-adapter-test",
      expires: new Date("2030-01-01T00:00:00Z"),
    });
    expect(updated?.expires).toEqual(end);
    const found = await adapter.getSessionAndUser?.("raw-token-for-adapter-test");
    expect(found?.session).toEqual({
      sessionToken: "raw-token-for-adapter-test",
      userId: u.id,
      expires: end,
    });
    await adapter.deleteSession?.("raw-token-for-adapter-test");
    expect(await adapter.getSessionAndUser?.("raw-token-for-adapter-test")).toBeNull();
  });

  it("the session cookie is a __Host- cookie: Secure, Path=/, no Domain", async () => {
    const u = await user("member", "62", null, "host-cookie@maillage.test");
    const res = await new Browser().request("POST", "/api/auth/dev-signin", { json: { email: u.email } });
    const line = setCookieLine(res, "__Host-authjs.session-token");
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*Path=\/(;|$)/i);
    expect(line).not.toMatch(/Domain=/i);
    // The old name is not read any more.
    const token = line?.split(";")[0]?.split("=")[1];
    const old = await new Browser().request("GET", "/api/v1/me", {
      headers: { cookie: `__Secure-authjs.session-token=${token}` },
    });
    expect(old.status).toBe(401);
  });
});
