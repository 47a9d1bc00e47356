import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Browser } from "../../test/auth-browser";
import { db, department, user } from "../../test/factories";
import { createApp } from "../app";
import { mailLog } from "../platform/schema";

// wrangler.toml: 5 sign-ins per minute per e-mail, 20 per minute per IP. The limiter keeps its
// counts for the whole test run, so each test uses its own e-mails and IP addresses.
describe("sign-in rate limiting", () => {
  beforeAll(async () => {
    await department("62");
  });

  // The local limiter counts in one-minute windows aligned to the wall clock: a test whose
  // requests straddled a minute boundary would see its count reset halfway (a CI run did).
  beforeEach(() => untilWindowHasLeft(10_000), 15_000);

  it("a sixth magic-link request for one e-mail within a minute is refused, from any IP", async () => {
    await user("member", "62", null, "flood@maillage.test");
    for (let i = 0; i < 5; i++) {
      const res = await new Browser().askMagicLink("flood@maillage.test");
      expect(res.status).toBe(302);
    }
    const res = await new Browser().askMagicLink("FLOOD@maillage.test");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 429, code: "rate_limited" });
    // Another address is not affected.
    expect((await new Browser().askMagicLink("someone-else@maillage.test")).status).toBe(302);
  });

  it("variants of one address that deliver to the same inbox share its limit", async () => {
    await user("member", "62", null, "variants@maillage.test");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await new Browser().askMagicLink(`variants@maillage.test,${i}`)).status);
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
  });

  it("the limit per e-mail also holds for unknown addresses (no way to tell them apart)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await new Browser().askMagicLink("ghost@example.org")).status);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
  });

  it("one IP gets at most 20 sign-in attempts a minute, whatever the e-mails", async () => {
    const browser = new Browser(undefined, "192.0.2.77");
    const csrfToken = await browser.csrfToken();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await browser.request("POST", "/api/auth/signin/email", {
        form: { email: `ip-${i}@example.org`, csrfToken, callbackUrl: "/" },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 302)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Dev sign-in from that IP is throttled too; another IP is not.
    await user("member", "62", null, "fresh@maillage.test");
    const dev = await browser.request("POST", "/api/auth/dev-signin", {
      json: { email: "fresh@maillage.test" },
    });
    expect(dev.status).toBe(429);
    const other = await new Browser().request("POST", "/api/auth/dev-signin", {
      json: { email: "fresh@maillage.test" },
    });
    expect(other.status).toBe(204);
  });

  it("a JSON body also labelled as a form counts against the address Auth.js mails", async () => {
    await user("member", "62", null, "json-form@maillage.test");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const browser = new Browser();
      const csrfToken = await browser.csrfToken();
      const res = await browser.request("POST", "/api/auth/signin/email", {
        body: JSON.stringify({ email: "json-form@maillage.test", csrfToken, callbackUrl: "/" }),
        headers: { "content-type": "application/json; x=application/x-www-form-urlencoded" },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
    const mails = await db().select().from(mailLog).where(eq(mailLog.to, "json-form@maillage.test"));
    expect(mails).toHaveLength(5);
  });

  it("a JSON body counts against the IP too", async () => {
    const browser = new Browser(undefined, "192.0.2.78");
    const csrfToken = await browser.csrfToken();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await browser.request("POST", "/api/auth/signin/email", {
        body: JSON.stringify({ email: `json-ip-${i}@example.org`, csrfToken, callbackUrl: "/" }),
        headers: { "content-type": "application/json" },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 302)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("in production, a sign-in without CF-Connecting-IP is refused instead of sharing one bucket", async () => {
    await user("member", "62", null, "no-ip@maillage.test");
    const production = async (req: Request) => {
      const ctx = createExecutionContext();
      const res = await createApp().app.fetch(req, { ...env, ENVIRONMENT: "production" }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const browser = new Browser(production);
    const csrfToken = await browser.csrfToken();
    const res = await browser.request("POST", "/api/auth/signin/email", {
      form: { email: "no-ip@maillage.test", csrfToken, callbackUrl: "/" },
      headers: { "cf-connecting-ip": "" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "client_ip_missing" });
    expect(await db().select().from(mailLog).where(eq(mailLog.to, "no-ip@maillage.test"))).toHaveLength(0);
    // With the header it goes through (an unknown address: no mail to deliver).
    const withIp = await new Browser(production).askMagicLink("no-ip-unknown@example.org");
    expect(withIp.status).toBe(302);
  });

  it("dev sign-in counts against the e-mail's limit", async () => {
    await user("member", "62", null, "devflood@maillage.test");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await new Browser().request("POST", "/api/auth/dev-signin", {
        json: { email: "devflood@maillage.test" },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([204, 204, 204, 204, 204, 429]);
  });
});

const WINDOW_MS = 60_000;

async function untilWindowHasLeft(ms: number) {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < ms) await new Promise((resolve) => setTimeout(resolve, left + 100));
}
