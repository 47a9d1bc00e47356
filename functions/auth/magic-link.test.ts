import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, expectedAuthErrors, ORIGIN, setCookieLine } from "../../test/auth-browser";
import { db, department, organisation, user } from "../../test/factories";
import { sha256Hex } from "../platform/ids";
import { mailLog } from "../platform/schema";
import { sessions, verificationTokens } from "./schema";

const VERIFY_REQUEST = `${ORIGIN}/api/auth/verify-request?provider=email&type=email`;

async function lastLinkTo(email: string) {
  const rows = await db().select().from(mailLog).where(eq(mailLog.to, email));
  const mail = rows.at(-1);
  const link = mail?.text.match(/https:\/\/\S+\/api\/auth\/callback\/email\?\S+/)?.[0];
  return { mail, link, count: rows.length };
}

describe("sign-in by magic link", () => {
  let orgId: string;
  beforeAll(async () => {
    await department("62");
    orgId = (await organisation("62", { name: "Association Solidarité Femmes" })).id;
  });

  it("a known user asks for a link, opens it and is signed in", async () => {
    const u = await user("member", "62", orgId, "agente@maillage.test");
    const browser = new Browser();

    const asked = await browser.askMagicLink("Agente@Maillage.test");
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe(VERIFY_REQUEST);

    const { mail, link } = await lastLinkTo("agente@maillage.test");
    expect(mail?.subject).toBe("Votre lien de connexion à Maillage");
    expect(mail?.status).toBe("outbox");
    expect(link).toBeDefined();

    // The outbox shows it to the developer too.
    const outbox = await browser.request("GET", "/api/v1/dev/outbox");
    expect(outbox.status).toBe(200);
    const items = ((await outbox.json()) as { items: { to: string; subject: string }[] }).items;
    expect(items[0]).toMatchObject({ to: "agente@maillage.test", subject: mail?.subject });

    const opened = await browser.request("GET", link as string);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/`);
    const cookie = setCookieLine(opened, "__Host-authjs.session-token");
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/(;|$)/i);
    expect(cookie).not.toMatch(/Domain=/i);

    const me = await browser.request("GET", "/api/v1/me");
    expect(me.status).toBe(200);
    const body = (await me.json()) as Record<string, unknown>;
    expect(body).toEqual({
      user: { id: u.id, email: "agente@maillage.test", name: "agente" },
      memberships: [
        {
          id: u.membershipId,
          role: "member",
          departmentCode: "62",
          departmentName: "Pas-de-Calais",
          organisationId: orgId,
          organisationName: "Association Solidarité Femmes",
        },
      ],
    });
    expect(JSON.stringify(body)).not.toContain(browser.cookies.get("__Host-authjs.session-token"));
  });

  it("a forged X-Forwarded-Host cannot make the mailed link point to another site", async () => {
    await user("prefecture", "62", null, "forwarded@maillage.test");
    const browser = new Browser();
    const csrfToken = await browser.csrfToken();
    await browser.request("POST", "/api/auth/signin/email", {
      form: { email: "forwarded@maillage.test", csrfToken, callbackUrl: "/" },
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" },
    });
    const { link } = await lastLinkTo("forwarded@maillage.test");
    expect(link?.startsWith(`${ORIGIN}/api/auth/callback/email?`)).toBe(true);
  });

  it("a link works only once", async () => {
    await user("prefecture", "62", null, "once@maillage.test");
    const browser = new Browser();
    await browser.askMagicLink("once@maillage.test");
    const { link } = await lastLinkTo("once@maillage.test");
    expect((await browser.request("GET", link as string)).headers.get("location")).toBe(`${ORIGIN}/`);
    const authErrors = expectedAuthErrors();
    const again = await new Browser().request("GET", link as string);
    expect(authErrors).toEqual(["Verification"]);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`${ORIGIN}/connexion?error=Verification`);
    expect(setCookieLine(again, "__Host-authjs.session-token")).toBeUndefined();
  });

  it("an unknown e-mail gets the same answer and the same work, but no mail and no user", async () => {
    const browser = new Browser();
    const asked = await browser.askMagicLink("inconnu@example.org");
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe(VERIFY_REQUEST);
    expect((await lastLinkTo("inconnu@example.org")).count).toBe(0);
    // A token is stored as for a known address (equal timing), but nobody ever receives it.
    const tokens = await db()
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.identifier, "inconnu@example.org"));
    expect(tokens).toHaveLength(1);
    const users = await env.DB.prepare("select count(*) as n from users where email = ?")
      .bind("inconnu@example.org")
      .first<{ n: number }>();
    expect(users?.n).toBe(0);
  });

  it("the web UI's JSON variant answers the same URL for known and unknown addresses", async () => {
    await user("member", "62", orgId, "json@maillage.test");
    const answers: unknown[] = [];
    for (const email of ["json@maillage.test", "json-unknown@example.org"]) {
      const browser = new Browser();
      const csrfToken = await browser.csrfToken();
      const res = await browser.request("POST", "/api/auth/signin/email", {
        form: { email, csrfToken, callbackUrl: "/" },
        headers: { "x-auth-return-redirect": "1" },
      });
      answers.push([res.status, await res.json()]);
    }
    expect(answers[0]).toEqual([200, { url: VERIFY_REQUEST }]);
    expect(answers[1]).toEqual(answers[0]);
    expect((await lastLinkTo("json@maillage.test")).count).toBe(1);
    expect((await lastLinkTo("json-unknown@example.org")).count).toBe(0);
  });

  it("a sign-in request without the CSRF token sends no mail", async () => {
    await user("member", "62", orgId, "nocsrf@maillage.test");
    const browser = new Browser();
    const authErrors = expectedAuthErrors();
    const res = await browser.request("POST", "/api/auth/signin/email", {
      form: { email: "nocsrf@maillage.test", callbackUrl: "/" },
    });
    expect(authErrors).toEqual(["MissingCSRF"]);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).not.toBe(VERIFY_REQUEST);
    expect((await lastLinkTo("nocsrf@maillage.test")).count).toBe(0);
  });

  it("a link cannot send the browser to another site after sign-in", async () => {
    await user("member", "62", orgId, "redirect@maillage.test");
    const browser = new Browser();
    const csrfToken = await browser.csrfToken();
    await browser.request("POST", "/api/auth/signin/email", {
      form: { email: "redirect@maillage.test", csrfToken, callbackUrl: "https://evil.example/" },
    });
    const { link } = await lastLinkTo("redirect@maillage.test");
    const opened = await browser.request("GET", link as string);
    expect(opened.headers.get("location")).toBe(ORIGIN);
  });

  it("signing out deletes the session", async () => {
    await user("member", "62", orgId, "bye@maillage.test");
    const browser = new Browser();
    await browser.askMagicLink("bye@maillage.test");
    await browser.request("GET", (await lastLinkTo("bye@maillage.test")).link as string);
    const token = browser.cookies.get("__Host-authjs.session-token") as string;
    expect((await browser.request("GET", "/api/v1/me")).status).toBe(200);
    const csrfToken = await browser.csrfToken();
    const out = await browser.request("POST", "/api/auth/signout", { form: { csrfToken } });
    expect(out.status).toBe(302);
    expect(
      await db()
        .select()
        .from(sessions)
        .where(eq(sessions.sessionToken, await sha256Hex(token))),
    ).toHaveLength(0);
    const me = await browser.request("GET", "/api/v1/me", {
      headers: { cookie: `__Host-authjs.session-token=${token}` },
    });
    expect(me.status).toBe(401);
  });
});
