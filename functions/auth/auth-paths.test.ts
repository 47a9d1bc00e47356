import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, settledWorker } from "../../test/auth-browser";
import { db, department, user } from "../../test/factories";
import { createApp } from "../app";
import { mailLog } from "../platform/schema";
import { formAsJson } from "./routes";
import { verificationTokens } from "./schema";

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(await res.json()).toMatchObject({ status, code });
}

describe("paths under /api/auth", () => {
  beforeAll(async () => {
    await department("62");
  });

  it("a sign-in through a non-canonical path is refused and sends nothing", async () => {
    await user("member", "62", null, "shape@maillage.test");
    const browser = new Browser();
    const csrfToken = await browser.csrfToken();
    for (const path of [
      "/api/auth//signin/email",
      "/api/auth/signin//email",
      "/api/auth/signin/email/",
      "/api/auth/signin%2Femail",
      "/api/auth/signin/%65mail",
      "/api/auth/SIGNIN/email",
    ]) {
      const res = await browser.request("POST", path, {
        form: { email: "shape@maillage.test", csrfToken, callbackUrl: "/" },
      });
      await expectProblem(res, 404, "not_found");
    }
    expect(await db().select().from(mailLog).where(eq(mailLog.to, "shape@maillage.test"))).toHaveLength(0);
    expect(
      await db()
        .select()
        .from(verificationTokens)
        .where(eq(verificationTokens.identifier, "shape@maillage.test")),
    ).toHaveLength(0);
    // The canonical path works.
    expect((await browser.askMagicLink("shape@maillage.test")).status).toBe(302);
  });

  it("unknown Auth.js actions and methods are problem+json 404s", async () => {
    const browser = new Browser();
    await expectProblem(await browser.request("GET", "/api/auth/unknown-action"), 404, "not_found");
    await expectProblem(await browser.request("GET", "/api/auth/webauthn-options"), 404, "not_found");
    await expectProblem(await browser.request("GET", "/api/auth/session/extra"), 404, "not_found");
    await expectProblem(await browser.request("PUT", "/api/auth/session"), 404, "not_found");
    await expectProblem(await browser.request("GET", "/api/auth"), 404, "not_found");
  });

  it("a request Auth.js cannot read is a problem+json 400", async () => {
    const browser = new Browser();
    await browser.csrfToken();
    const res = await browser.request("POST", "/api/auth/signin/email", {
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    await expectProblem(res, 400, "bad_request");
  });

  it("Auth.js's own endpoints still answer", async () => {
    const browser = new Browser();
    expect((await browser.request("GET", "/api/auth/csrf")).status).toBe(200);
    const providers = await browser.request("GET", "/api/auth/providers");
    expect(providers.status).toBe(200);
    expect(Object.keys((await providers.json()) as object)).toContain("email");
    expect((await browser.request("GET", "/api/auth/session")).status).toBe(200);
  });
});

describe("development server and host names (DNS rebinding)", () => {
  const production = async (req: Request) => {
    const ctx = createExecutionContext();
    const res = await createApp().app.fetch(req, { ...env, ENVIRONMENT: "production" }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };

  it("answers 421 to another host name, on the API, the outbox and the UI", async () => {
    for (const url of [
      "http://evil.example:8787/api/v1/health",
      "http://evil.example:8787/api/v1/dev/outbox",
      "http://evil.example:8787/",
      "http://127.0.0.1.evil.example/api/v1/health",
    ]) {
      await expectProblem(await settledWorker(new Request(url)), 421, "misdirected_request");
    }
    const rebound = new Request("http://localhost:8787/api/v1/health", { headers: { host: "evil.example" } });
    await expectProblem(await settledWorker(rebound), 421, "misdirected_request");
  });

  it("answers to localhost, 127.0.0.1 and AUTH_URL's host", async () => {
    for (const url of [
      "http://localhost:8787/api/v1/health",
      "http://127.0.0.1:8787/api/v1/health",
      "https://maillage.test/api/v1/health",
    ]) {
      expect((await settledWorker(new Request(url))).status).toBe(200);
    }
  });

  it("in production the host name is not checked here (Cloudflare routes by host)", async () => {
    expect((await production(new Request("https://other.example/api/v1/health"))).status).toBe(200);
  });
});

describe("form bodies handed to Auth.js", () => {
  const post = (type: string, body: string) =>
    new Request("https://maillage.test/api/auth/signin/email", {
      method: "POST",
      headers: { "content-type": type, cookie: "a=b" },
      body,
    });

  it("become the JSON of the object Auth.js would parse (last value wins, + is a space, UTF-8)", async () => {
    const form = "email=first%40x.org&csrfToken=t%2Bk&email=last%40x.org&name=caf%C3%A9+x&empty=";
    const req = await formAsJson(post("application/x-www-form-urlencoded; charset=UTF-8", form));
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(req.headers.get("cookie")).toBe("a=b");
    expect(req.method).toBe("POST");
    expect(await req.json()).toEqual({ email: "last@x.org", csrfToken: "t+k", name: "café x", empty: "" });
  });

  it("leave what Auth.js reads as JSON, or does not read, untouched", async () => {
    for (const req of [
      post("application/json; x=application/x-www-form-urlencoded", '{"email":"a@x.org"}'),
      post("multipart/form-data; boundary=x", "--x--"),
      new Request("https://maillage.test/api/auth/signin/email?x=1"),
    ]) {
      expect(await formAsJson(req)).toBe(req);
    }
  });
});
