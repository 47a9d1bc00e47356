import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import {
  Browser,
  expectedAuthErrors,
  ORIGIN,
  proConnectApp,
  setCookieLine,
  signInWithProConnect,
} from "../../test/auth-browser";
import { db, department, organisation, user } from "../../test/factories";
import { sha256Hex } from "../platform/ids";
import { mailLog } from "../platform/schema";
import { SESSION_COOKIE } from "./config";
import { endSessionEndpoint, PROCONNECT_ID_TOKEN_COOKIE } from "./end-session";
import { accounts, sessions } from "./schema";

const issuer = inject("oidcIssuer");
const withProConnect = proConnectApp();

/**
 * An issuer nobody answers for. A real refused connection makes workerd print an "uncaught"
 * "Network connection lost" trace even though the app catches it: fetch fails the same way here,
 * without the noise in the test log.
 */
const UNREACHABLE = "http://unreachable.maillage.test";
function cutOffUnreachable() {
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
    new Request(input).url.startsWith(UNREACHABLE)
      ? Promise.reject(new Error("Network connection lost."))
      : realFetch(input, init),
  );
}
afterEach(() => {
  vi.restoreAllMocks();
});

type EndSession = { redirect: string | null; proconnectUnavailable: boolean };

async function endSession(browser: Browser, headers: Record<string, string> = {}) {
  const res = await browser.request("POST", "/api/auth/end-session", { headers });
  return { res, body: res.ok ? ((await res.json()) as EndSession) : null };
}

/** The ID token the mock provider last issued for this e-mail. */
async function issuedIdToken(email: string): Promise<string> {
  const res = await fetch(`${issuer}/test/id-token?email=${encodeURIComponent(email)}`);
  const { idToken } = (await res.json()) as { idToken: string | null };
  expect(idToken).toBeTruthy();
  return idToken as string;
}

async function signedIn(browser: Browser, sessionToken: string) {
  const me = await browser.request("GET", "/api/v1/me", {
    headers: { cookie: `${SESSION_COOKIE}=${sessionToken}` },
  });
  return me.status;
}

async function signInByMagicLink(browser: Browser, email: string) {
  await browser.askMagicLink(email);
  const rows = await db().select().from(mailLog).where(eq(mailLog.to, email));
  const link = rows.at(-1)?.text.match(/https:\/\/\S+\/api\/auth\/callback\/email\?\S+/)?.[0];
  expect((await browser.request("GET", link as string)).status).toBe(302);
}

describe("signing out ends the ProConnect session too", () => {
  let orgId: string;
  beforeAll(async () => {
    await department("62");
    orgId = (await organisation("62", { name: "CIDFF du Pas-de-Calais" })).id;
  });

  it("a ProConnect user is signed out of Maillage, then sent to ProConnect's end-session endpoint", async () => {
    const u = await user("member", "62", orgId, "pc-out@maillage.test");
    const browser = new Browser(withProConnect);
    const { done } = await signInWithProConnect(browser, "pc-out@maillage.test");
    const idToken = await issuedIdToken("pc-out@maillage.test");

    // The ID token is kept in the browser only: an encrypted cookie sent to /api/auth alone.
    const kept = setCookieLine(done, PROCONNECT_ID_TOKEN_COOKIE) as string;
    expect(kept).toMatch(/HttpOnly/i);
    expect(kept).toMatch(/Secure/i);
    expect(kept).toMatch(/SameSite=Strict/i);
    expect(kept).toMatch(/Path=\/api\/auth(;|$)/i);
    for (const part of idToken.split(".")) expect(kept).not.toContain(part);
    const [account] = await db().select().from(accounts).where(eq(accounts.userId, u.id));
    expect(account?.id_token).toBeNull();

    const sessionToken = browser.cookies.get(SESSION_COOKIE) as string;
    expect(await signedIn(browser, sessionToken)).toBe(200);

    // A forged X-Forwarded-Host cannot choose where ProConnect sends the browser back.
    const { res, body } = await endSession(browser, {
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "http",
    });
    expect(res.status).toBe(200);
    expect(body?.proconnectUnavailable).toBe(false);
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      end_session_endpoint: string;
    };
    const redirect = new URL(body?.redirect as string);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(discovery.end_session_endpoint);
    expect(redirect.searchParams.get("id_token_hint")).toBe(idToken);
    expect(redirect.searchParams.get("post_logout_redirect_uri")).toBe(`${ORIGIN}/connexion`);
    const state = redirect.searchParams.get("state") as string;
    expect(state.length).toBeGreaterThanOrEqual(32);

    // The local session is gone before the browser leaves, and so is the ID token.
    expect(
      await db()
        .select()
        .from(sessions)
        .where(eq(sessions.sessionToken, await sha256Hex(sessionToken))),
    ).toHaveLength(0);
    expect(await signedIn(browser, sessionToken)).toBe(401);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(browser.cookies.has(PROCONNECT_ID_TOKEN_COOKIE)).toBe(false);

    // ProConnect (the mock) accepts the request and sends the browser back to our sign-in page.
    const atProvider = await fetch(redirect, { redirect: "manual" });
    expect(atProvider.status).toBe(302);
    const back = new URL(atProvider.headers.get("location") as string);
    expect(`${back.origin}${back.pathname}`).toBe(`${ORIGIN}/connexion`);
    expect(back.searchParams.get("state")).toBe(state);

    // Signing out again (another tab) is harmless and goes nowhere.
    const again = await endSession(browser);
    expect(again.body).toEqual({ redirect: null, proconnectUnavailable: false });
  });

  it("a magic-link session of the same person gets no ProConnect redirect, and leaves the other session alone", async () => {
    await user("member", "62", orgId, "both@maillage.test");
    const viaProConnect = new Browser(withProConnect);
    await signInWithProConnect(viaProConnect, "both@maillage.test");
    const viaMail = new Browser(withProConnect);
    await signInByMagicLink(viaMail, "both@maillage.test");
    const mailSession = viaMail.cookies.get(SESSION_COOKIE) as string;

    const { res, body } = await endSession(viaMail);
    expect(res.status).toBe(200);
    expect(body).toEqual({ redirect: null, proconnectUnavailable: false });
    expect(await signedIn(viaMail, mailSession)).toBe(401);

    const pcSession = viaProConnect.cookies.get(SESSION_COOKIE) as string;
    expect(await signedIn(viaProConnect, pcSession)).toBe(200);
    expect((await endSession(viaProConnect)).body?.redirect).toContain("id_token_hint=");
  });

  it("an ID token left from an earlier ProConnect session does not follow a later sign-in of another kind", async () => {
    await user("member", "62", orgId, "switch@maillage.test");
    const browser = new Browser(withProConnect);
    await signInWithProConnect(browser, "switch@maillage.test");
    const dev = await browser.request("POST", "/api/auth/dev-signin", {
      json: { email: "switch@maillage.test" },
    });
    expect(dev.status).toBe(204);
    expect(browser.cookies.has(PROCONNECT_ID_TOKEN_COOKIE)).toBe(true);

    const { body } = await endSession(browser);
    expect(body).toEqual({ redirect: null, proconnectUnavailable: false });
    expect(browser.cookies.has(PROCONNECT_ID_TOKEN_COOKIE)).toBe(false);
  });

  it("another site cannot sign a user out (same-origin check on the cookie write)", async () => {
    await user("member", "62", orgId, "csrf-out@maillage.test");
    const browser = new Browser(withProConnect);
    await signInWithProConnect(browser, "csrf-out@maillage.test");
    const sessionToken = browser.cookies.get(SESSION_COOKIE) as string;

    for (const headers of <Record<string, string>[]>[
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "", origin: "https://evil.example" },
    ]) {
      const { res } = await endSession(browser, headers);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "csrf_failed" });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await signedIn(browser, sessionToken)).toBe(200);
    expect((await endSession(browser)).body?.redirect).toContain("id_token_hint=");
  });

  it("when ProConnect cannot be reached, the user is still signed out of Maillage and the UI is told", async () => {
    await user("member", "62", orgId, "offline@maillage.test");
    const browser = new Browser(withProConnect);
    await signInWithProConnect(browser, "offline@maillage.test");
    const sessionToken = browser.cookies.get(SESSION_COOKIE) as string;

    // Same settings but an issuer nobody answers for.
    cutOffUnreachable();
    const offline = new Browser(proConnectApp(UNREACHABLE));
    for (const [name, value] of browser.cookies) offline.cookies.set(name, value);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { res, body } = await endSession(offline);
    // The operator is told (and the expected warning stays out of the test log).
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("end_session_endpoint unavailable"));
    expect(res.status).toBe(200);
    expect(body).toEqual({ redirect: null, proconnectUnavailable: true });
    expect(await signedIn(browser, sessionToken)).toBe(401);
    expect(offline.cookies.has(PROCONNECT_ID_TOKEN_COOKIE)).toBe(false);
  });

  it("Auth.js's own sign-out drops the ID token too, but only when it signs out", async () => {
    await user("member", "62", orgId, "authjs-out@maillage.test");
    const browser = new Browser(withProConnect);
    await signInWithProConnect(browser, "authjs-out@maillage.test");

    const authErrors = expectedAuthErrors();
    const refused = await browser.request("POST", "/api/auth/signout", { form: { csrfToken: "forged" } });
    expect(authErrors).toEqual(["MissingCSRF"]);
    expect(setCookieLine(refused, PROCONNECT_ID_TOKEN_COOKIE)).toBeUndefined();
    expect(browser.cookies.has(PROCONNECT_ID_TOKEN_COOKIE)).toBe(true);

    const csrfToken = await browser.csrfToken();
    const out = await browser.request("POST", "/api/auth/signout", { form: { csrfToken } });
    expect(out.status).toBe(302);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(browser.cookies.has(PROCONNECT_ID_TOKEN_COOKIE)).toBe(false);
  });
});

describe("ProConnect's end-session endpoint", () => {
  it("comes from the issuer's discovery document", async () => {
    expect(await endSessionEndpoint(issuer)).toBe(`${issuer}/endsession`);
  });

  it("is given up on when discovery is slow, another issuer's, or unreachable", async () => {
    // The slow issuer's document comes after 2 s and is valid: null means the 200 ms bound held.
    expect(await endSessionEndpoint(`${issuer}/slow`, 200)).toBeNull();
    expect(await endSessionEndpoint(`${issuer}/slow`, 5_000)).toBe(`${issuer}/endsession`);
    expect(await endSessionEndpoint(`${issuer}/impostor`)).toBeNull();
    expect(await endSessionEndpoint(`${issuer}/missing`)).toBeNull();
    cutOffUnreachable();
    expect(await endSessionEndpoint(UNREACHABLE)).toBeNull();
  });
});
