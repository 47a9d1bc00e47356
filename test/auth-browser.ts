import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, inject, onTestFinished, vi } from "vitest";
import { createApp } from "../functions/app";
import worker from "../functions/index";

export const ORIGIN = "https://maillage.test";
type Fetch = (req: Request) => Promise<Response>;

/**
 * The Worker's own fetch handler, answering once the work it left for after the answer
 * (`waitUntil`: the magic-link mail) is done, so a test reads the outbox in a known state.
 */
export const settledWorker: Fetch = async (req) => {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
};

/** The app with ProConnect set up against the mock provider of test/oidc-mock.ts (`issuer` overrides it). */
export function proConnectApp(issuer: string = inject("oidcIssuer")): Fetch {
  const { app } = createApp();
  return async (req) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      req,
      {
        ...env,
        PROCONNECT_ISSUER: issuer,
        PROCONNECT_CLIENT_ID: "maillage-test",
        PROCONNECT_CLIENT_SECRET: "secret-de-test",
      },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  };
}

/**
 * Runs the browser through ProConnect: our sign-in → the provider's authorize → our callback. The
 * mock signs in whoever `email` names.
 */
export async function signInWithProConnect(browser: Browser, email: string) {
  const csrfToken = await browser.csrfToken();
  const start = await browser.request(
    "POST",
    `/api/auth/signin/proconnect?login_hint=${encodeURIComponent(email)}`,
    { form: { csrfToken, callbackUrl: "/" } },
  );
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location") as string);
  const atProvider = await fetch(authorize, { redirect: "manual" });
  expect(atProvider.status).toBe(302);
  const callback = atProvider.headers.get("location") as string;
  expect(callback.startsWith(`${ORIGIN}/api/auth/callback/proconnect?`)).toBe(true);
  const done = await browser.request("GET", callback);
  return { authorize, done };
}

/**
 * A tiny browser for sign-in tests: keeps cookies between requests, sends same-origin markers,
 * never follows redirects (tests look at each hop).
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly fetcher: Fetch = settledWorker,
    private readonly ip = `10.${rand()}.${rand()}.${rand()}`,
  ) {}

  async request(
    method: string,
    pathOrUrl: string,
    options: {
      form?: Record<string, string>;
      json?: unknown;
      /** A body sent as it is, with the content type `headers` gives. */
      body?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${ORIGIN}${pathOrUrl}`;
    const headers = new Headers({ "cf-connecting-ip": this.ip, ...options.headers });
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    if (method !== "GET" && !headers.has("sec-fetch-site")) headers.set("sec-fetch-site", "same-origin");
    let body: string | undefined = options.body;
    if (options.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(options.json);
    }
    const res = await this.fetcher(new Request(url, { method, headers, body, redirect: "manual" }));
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async csrfToken(): Promise<string> {
    const res = await this.request("GET", "/api/auth/csrf");
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /** Asks for a magic link like the sign-in form does. */
  async askMagicLink(email: string): Promise<Response> {
    const csrfToken = await this.csrfToken();
    return this.request("POST", "/api/auth/signin/email", { form: { email, csrfToken, callbackUrl: "/" } });
  }
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

/** Raw Set-Cookie line of a cookie, to check its attributes. */
export function setCookieLine(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/**
 * For a test that provokes an Auth.js error on purpose: keeps the error line Auth.js's logger writes
 * (config.ts: one JSON line, `error: "<Type>: <message>"`) out of the log, and only that line,
 * and gives the error types logged, so the test can check it failed for the expected reason.
 */
export function expectedAuthErrors(): string[] {
  const types: string[] = [];
  const realError = console.error.bind(console);
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    try {
      const line = JSON.parse(String(args[0])) as { level?: string; error?: unknown };
      if (line.level === "error" && typeof line.error === "string") {
        types.push(line.error.split(":")[0] ?? "");
        return;
      }
    } catch {
      // not a JSON log line
    }
    realError(...args);
  });
  onTestFinished(() => spy.mockRestore());
  return types;
}
