import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  Browser,
  expectedAuthErrors,
  ORIGIN,
  proConnectApp,
  setCookieLine,
  signInWithProConnect,
} from "../../test/auth-browser";
import { db, department, organisation, user } from "../../test/factories";
import { accounts, sessions, users } from "./schema";

const issuer = inject("oidcIssuer");
const withProConnect = proConnectApp();

describe("sign-in with ProConnect", () => {
  let orgId: string;
  beforeAll(async () => {
    await department("62");
    orgId = (await organisation("62", { name: "CIDFF du Pas-de-Calais" })).id;
  });

  it("asks ProConnect for the right scopes, eIDAS level and checks (PKCE, state, nonce)", async () => {
    const browser = new Browser(withProConnect);
    const csrfToken = await browser.csrfToken();
    const res = await browser.request("POST", "/api/auth/signin/proconnect", {
      form: { csrfToken, callbackUrl: "/" },
    });
    const url = new URL(res.headers.get("location") as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${issuer}/authorize`);
    expect(url.searchParams.get("client_id")).toBe("maillage-test");
    expect(url.searchParams.get("scope")).toBe("openid email given_name usual_name siret");
    expect(url.searchParams.get("acr_values")).toBe("eidas1");
    expect(url.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/api/auth/callback/proconnect`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
  });

  it("a known user (by e-mail) signs in and gets a session", async () => {
    const u = await user("member", "62", orgId, "camille.martin@maillage.test");
    const browser = new Browser(withProConnect);
    const { done } = await signInWithProConnect(browser, "Camille.Martin@maillage.test");
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${ORIGIN}/`);
    const cookie = setCookieLine(done, "__Host-authjs.session-token");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await browser.request("GET", "/api/v1/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { id: u.id, email: "camille.martin@maillage.test" },
      memberships: [
        { id: u.membershipId, organisationName: "CIDFF du Pas-de-Calais", departmentName: "Pas-de-Calais" },
      ],
    });

    // The ProConnect account is linked, without keeping ProConnect's tokens.
    const [account] = await db().select().from(accounts).where(eq(accounts.userId, u.id));
    expect(account).toMatchObject({
      provider: "proconnect",
      providerAccountId: "pc-Camille.Martin@maillage.test",
    });
    expect(account?.access_token).toBeNull();
    expect(account?.id_token).toBeNull();

    // Signing in again goes through the linked account.
    const again = await signInWithProConnect(new Browser(withProConnect), "camille.martin@maillage.test");
    expect(setCookieLine(again.done, "__Host-authjs.session-token")).toBeDefined();
    expect(await db().select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(3); // factory + 2
  });

  it("an unknown person is refused: no session, no user, no account", async () => {
    const browser = new Browser(withProConnect);
    const authErrors = expectedAuthErrors();
    const { done } = await signInWithProConnect(browser, "stranger@example.org");
    expect(authErrors).toEqual(["AccessDenied"]);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${ORIGIN}/connexion?error=AccessDenied`);
    expect(setCookieLine(done, "__Host-authjs.session-token")).toBeUndefined();
    expect(await db().select().from(users).where(eq(users.email, "stranger@example.org"))).toHaveLength(0);
    expect(
      await db().select().from(accounts).where(eq(accounts.providerAccountId, "pc-stranger@example.org")),
    ).toHaveLength(0);
  });

  it("a callback whose state was not issued to this browser is refused", async () => {
    await user("member", "62", orgId, "victim@maillage.test");
    const attacker = new Browser(withProConnect);
    const csrfToken = await attacker.csrfToken();
    const start = await attacker.request(
      "POST",
      "/api/auth/signin/proconnect?login_hint=victim%40maillage.test",
      {
        form: { csrfToken, callbackUrl: "/" },
      },
    );
    const atProvider = await fetch(start.headers.get("location") as string, { redirect: "manual" });
    // Another browser (without the state/PKCE/nonce cookies) opens the callback.
    const victim = new Browser(withProConnect);
    const authErrors = expectedAuthErrors();
    const res = await victim.request("GET", atProvider.headers.get("location") as string);
    expect(authErrors).toEqual(["InvalidCheck"]);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/connexion?error=");
    expect(setCookieLine(res, "__Host-authjs.session-token")).toBeUndefined();
  });

  it("is not offered when its settings are missing", async () => {
    const browser = new Browser();
    const csrfToken = await browser.csrfToken();
    const authErrors = expectedAuthErrors();
    const res = await browser.request("POST", "/api/auth/signin/proconnect", {
      form: { csrfToken, callbackUrl: "/" },
    });
    expect(authErrors).toEqual(["Error"]);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${ORIGIN}/connexion?error=Configuration`);
  });
});
