import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../../shared/organisation";
import { Browser, expectedAuthErrors, ORIGIN, setCookieLine } from "../../test/auth-browser";
import {
  auditRowsOf,
  call,
  callAt,
  db,
  department,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { createApp } from "../app";
import { users, verificationTokens } from "../auth/schema";
import { fixedClock } from "../platform/clock";
import type { Mail, Mailer } from "../platform/mailer";
import { mailLog } from "../platform/schema";
import { createServices } from "../platform/services";
import { sendInvitation } from "./invitation";
import { frenchDay, invitationMail } from "./invitation-mail";

const base = "/api/v1/departments/62/members";
const DAY = 86_400_000;
const HOUR = 3_600_000;

let prefecture: TestUser;
let prefecture59: TestUser;
let national: TestUser;
let orgId: string;

/** A browser whose requests reach the app with its clock at `iso`. */
const browserAt = (iso: string) => {
  const { app } = createApp({ clock: fixedClock(iso) });
  return new Browser(async (req) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(req, env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  });
};

async function mailsTo(email: string) {
  return db().select().from(mailLog).where(eq(mailLog.to, email)).orderBy(mailLog.createdAt, mailLog.id);
}

const linkIn = (text: string) => text.match(/https:\/\/\S+\/api\/auth\/callback\/email\?\S+/)?.[0];

async function lastLinkTo(email: string) {
  const link = linkIn((await mailsTo(email)).at(-1)?.text ?? "");
  if (!link) throw new Error(`no invitation link mailed to ${email}`);
  return link;
}

/** Adds a member of France Victimes 62 at `iso`, as the prefecture. */
async function addAt(iso: string, email: string, name?: string) {
  const res = await callAt(iso, "POST", base, {
    headers: prefecture.headers,
    body: { email, role: "member", organisationId: orgId, ...(name ? { name } : {}) },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Member;
}

const resendAt = (iso: string, membershipId: string, headers = prefecture.headers) =>
  callAt(iso, "POST", `${base}/${membershipId}/invitation`, { headers });

const later = (from: string, ms: number) => new Date(Date.parse(from) + ms).toISOString();

beforeAll(async () => {
  await department("62");
  await department("59");
  orgId = (await organisation("62", { name: "France Victimes 62" })).id;
  prefecture = await user("prefecture", "62", null, "agent.prefecture@pas-de-calais.gouv.fr");
  await db().update(users).set({ name: "Camille Martin" }).where(eq(users.id, prefecture.id));
  prefecture59 = await user("prefecture", "59");
  national = await user("national");
});

describe("the invitation sent on adding a member", () => {
  it("says who invites, to which département and organisation, with a link on AUTH_URL valid 7 days", async () => {
    const now = new Date().toISOString();
    const added = await addAt(now, "nina.invitee@example.org", "Nina Invitée");
    expect(added.lastSignInAt).toBeNull();
    expect(added.invitationSentAt).toBe(now);
    expect(added.invitationExpiresAt).toBe(later(now, 7 * DAY));

    const mails = await mailsTo("nina.invitee@example.org");
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe("Invitation à Maillage — Pas-de-Calais (62)");
    expect(mail?.status).toBe("outbox");
    expect(mail?.idempotencyKey).toBe(`invitation:${added.membershipId}:1`);
    expect(mail?.text).toContain(
      "Camille Martin (agent.prefecture@pas-de-calais.gouv.fr) vous invite à rejoindre Maillage",
    );
    expect(mail?.text).toContain("du département Pas-de-Calais (62)");
    expect(mail?.text).toContain("pour le compte de France Victimes 62");
    expect(mail?.text).toContain(`valable 7 jours, jusqu'au ${frenchDay(new Date(later(now, 7 * DAY)))}`);
    const link = linkIn(mail?.text ?? "");
    expect(link?.startsWith(`${ORIGIN}/api/auth/callback/email?`)).toBe(true);
    expect(new URL(link ?? "").searchParams.get("email")).toBe("nina.invitee@example.org");
    expect(mail?.html).toContain(`<html lang="fr">`);
    expect(mail?.html).toContain(`href="${link?.replaceAll("&", "&#38;")}"`);

    // The token is stored hashed: the link's token is nowhere in the table.
    const token = new URL(link ?? "").searchParams.get("token") ?? "";
    const stored = await db()
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.identifier, "nina.invitee@example.org"));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token).not.toBe(token);
    expect(stored[0]?.token).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.expires.toISOString()).toBe(later(now, 7 * DAY));

    const audit = await auditRowsOf(added.membershipId);
    expect(audit.map((a) => a.action).sort()).toEqual(["invitation.sent", "membership.created"]);
    expect(audit.find((a) => a.action === "invitation.sent")).toMatchObject({
      actorUserId: prefecture.id,
      departmentCode: "62",
    });
  });

  it("the link's origin is AUTH_URL's, whatever the request's host or X-Forwarded-Host", async () => {
    const res = await exports.default.fetch(
      new Request(`http://localhost${base}`, {
        method: "POST",
        headers: {
          ...prefecture.headers,
          "content-type": "application/json",
          "x-forwarded-host": "evil.example",
          "x-forwarded-proto": "http",
        },
        body: JSON.stringify({
          email: "forwarded.invitee@example.org",
          role: "member",
          organisationId: orgId,
        }),
      }),
    );
    expect(res.status).toBe(201);
    expect((await lastLinkTo("forwarded.invitee@example.org")).startsWith(`${ORIGIN}/`)).toBe(true);
  });

  it("the link signs the person in once within 7 days, and records the sign-in", async () => {
    const now = new Date().toISOString();
    const added = await addAt(now, "six.days@example.org");
    const link = await lastLinkTo("six.days@example.org");
    const signInAt = later(now, 6 * DAY + 23 * HOUR);
    const browser = browserAt(signInAt);
    const opened = await browser.request("GET", link);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/`);
    expect(setCookieLine(opened, "__Host-authjs.session-token")).toBeDefined();
    const me = await browser.request("GET", "/api/v1/me");
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe("six.days@example.org");

    const listed = await call("GET", base, { headers: prefecture.headers });
    const row = ((await listed.json()) as { items: Member[] }).items.find(
      (m) => m.membershipId === added.membershipId,
    );
    expect(row?.lastSignInAt).toBe(signInAt);

    const authErrors = expectedAuthErrors();
    const again = await browserAt(signInAt).request("GET", link);
    expect(authErrors).toEqual(["Verification"]);
    expect(again.headers.get("location")).toBe(`${ORIGIN}/connexion?error=Verification`);
    expect(setCookieLine(again, "__Host-authjs.session-token")).toBeUndefined();
  });

  it("the link is refused after 7 days", async () => {
    const now = new Date().toISOString();
    await addAt(now, "eight.days@example.org");
    const link = await lastLinkTo("eight.days@example.org");
    const authErrors = expectedAuthErrors();
    const opened = await browserAt(later(now, 7 * DAY + 60_000)).request("GET", link);
    expect(authErrors).toEqual(["Verification"]);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/connexion?error=Verification`);
    expect(setCookieLine(opened, "__Host-authjs.session-token")).toBeUndefined();
    const [u] = await db().select().from(users).where(eq(users.email, "eight.days@example.org"));
    expect(u?.lastSignInAt).toBeNull();
  });

  it("revoking the membership revokes its unused link", async () => {
    const added = await addAt(new Date().toISOString(), "revoked.invitee@example.org");
    const link = await lastLinkTo("revoked.invitee@example.org");
    const res = await call("DELETE", `${base}/${added.membershipId}`, { headers: prefecture.headers });
    expect(res.status).toBe(204);
    const authErrors = expectedAuthErrors();
    const opened = await new Browser().request("GET", link);
    expect(authErrors).toEqual(["Verification"]);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/connexion?error=Verification`);
  });

  it("outside development the mail log keeps the text with the link masked, and no HTML", async () => {
    const sent: Mail[] = [];
    const mailer: Mailer = {
      send: async (mail) => {
        sent.push(mail);
        return { id: "x", status: "sent" };
      },
    };
    const services = createServices(env, { derived: {} as never, mailer: () => mailer });
    const added = await addAt(new Date().toISOString(), "masked.invitee@example.org");
    await sendInvitation(
      services,
      { secret: env.AUTH_SECRET, origin: ORIGIN, development: false },
      { kind: "system", jobId: "test" } as never,
      { name: null, email: "agent@example.org" },
      "62",
      added,
      "sent",
    );
    const [mail] = sent;
    const link = linkIn(mail?.text ?? "") ?? "";
    expect(link).toContain("token=");
    expect(mail?.logText).toContain(`${ORIGIN}/api/auth/callback/email [lien masqué]`);
    expect(mail?.logText).not.toContain(new URL(link).searchParams.get("token"));
  });
});

describe("re-sending an invitation", () => {
  it("sends a new link and revokes the old one; audited as re-sent", async () => {
    const now = new Date().toISOString();
    const added = await addAt(now, "resend.me@example.org");
    const oldLink = await lastLinkTo("resend.me@example.org");
    const at = later(now, HOUR + 1000);
    const res = await resendAt(at, added.membershipId);
    expect(res.status).toBe(200);
    const member = (await res.json()) as Member;
    expect(member.invitationSentAt).toBe(at);
    expect(member.invitationExpiresAt).toBe(later(at, 7 * DAY));
    const mails = await mailsTo("resend.me@example.org");
    expect(mails).toHaveLength(2);
    expect(mails[1]?.idempotencyKey).toBe(`invitation:${added.membershipId}:2`);
    const newLink = await lastLinkTo("resend.me@example.org");
    expect(newLink).not.toBe(oldLink);

    const authErrors = expectedAuthErrors();
    const old = await browserAt(at).request("GET", oldLink);
    expect(authErrors).toEqual(["Verification"]);
    expect(old.headers.get("location")).toBe(`${ORIGIN}/connexion?error=Verification`);
    const fresh = await browserAt(at).request("GET", newLink);
    expect(fresh.headers.get("location")).toBe(`${ORIGIN}/`);

    const audit = await auditRowsOf(added.membershipId);
    const resent = audit.filter((a) => a.action === "invitation.resent");
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ actorUserId: prefecture.id, departmentCode: "62" });
    expect(resent[0]?.after).toMatchObject({ sends: 2, expiresAt: later(at, 7 * DAY) });
  });

  it("at most once an hour per member: 429 problem+json with Retry-After, nothing sent", async () => {
    const now = new Date().toISOString();
    const added = await addAt(now, "too.soon@example.org");
    const res = await resendAt(later(now, 20 * 60_000), added.membershipId);
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("retry-after")).toBe(String(40 * 60));
    expect(await res.json()).toMatchObject({ status: 429, code: "invitation_too_soon" });
    expect(await mailsTo("too.soon@example.org")).toHaveLength(1);
    expect((await auditRowsOf(added.membershipId)).map((a) => a.action)).not.toContain("invitation.resent");

    // Concurrent re-sends an hour later: one wins.
    const at = later(now, HOUR);
    const results = await Promise.all([1, 2, 3].map(() => resendAt(at, added.membershipId)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 429, 429]);
    expect(await mailsTo("too.soon@example.org")).toHaveLength(2);
    const tokens = await db()
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.identifier, "too.soon@example.org"));
    expect(tokens).toHaveLength(1);
  });

  it("a member who already signed in gets no invitation again (409)", async () => {
    const now = new Date().toISOString();
    const added = await addAt(now, "signed.in@example.org");
    await browserAt(now).request("GET", await lastLinkTo("signed.in@example.org"));
    const res = await resendAt(later(now, 2 * HOUR), added.membershipId);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "already_signed_in" });
  });

  it("isolation: the prefecture of 59 cannot re-send for 62; a 62 membership under 59 is unknown", async () => {
    const now = new Date().toISOString();
    const added = await addAt(now, "isolated@example.org");
    const at = later(now, 2 * HOUR);
    expect((await resendAt(at, added.membershipId, prefecture59.headers)).status).toBe(403);
    const under59 = await callAt(
      at,
      "POST",
      `/api/v1/departments/59/members/${added.membershipId}/invitation`,
      {
        headers: national.headers,
      },
    );
    expect(under59.status).toBe(404);
    const member = await user("member", "62", orgId);
    expect((await resendAt(at, added.membershipId, member.headers)).status).toBe(403);
    expect(await mailsTo("isolated@example.org")).toHaveLength(1);
  });

  it("the prefecture cannot re-send a prefecture user's invitation; the national level can", async () => {
    const now = new Date().toISOString();
    const res = await callAt(now, "POST", base, {
      headers: national.headers,
      body: { email: "new.agent@pas-de-calais.gouv.fr", role: "prefecture" },
    });
    expect(res.status).toBe(201);
    const added = (await res.json()) as Member;
    const mail = (await mailsTo("new.agent@pas-de-calais.gouv.fr"))[0];
    expect(mail?.text).toContain("pour la préfecture");
    const at = later(now, 2 * HOUR);
    expect((await resendAt(at, added.membershipId)).status).toBe(403);
    expect((await resendAt(at, added.membershipId, national.headers)).status).toBe(200);
  });
});

describe("last sign-in", () => {
  it("dev sign-in records it too", async () => {
    const u = await user("member", "62", orgId);
    const browser = new Browser();
    const res = await browser.request("POST", "/api/auth/dev-signin", { json: { email: u.email } });
    expect(res.status).toBe(204);
    const [row] = await db()
      .select()
      .from(users)
      .where(and(eq(users.id, u.id)));
    expect(row?.lastSignInAt).not.toBeNull();
  });
});

describe("the mail's French", () => {
  it("writes the first of the month as an ordinal, in Paris time", () => {
    expect(frenchDay(new Date("2026-12-31T23:30:00Z"))).toBe("1er janvier 2027");
    expect(frenchDay(new Date("2026-12-09T10:00:00Z"))).toBe("9 décembre 2026");
    const mail = invitationMail({
      to: "a@b.fr",
      inviter: "A <b>",
      departmentName: "Nord",
      departmentCode: "59",
      organisationName: null,
      url: "https://maillage.test/api/auth/callback/email?token=t&email=a%40b.fr",
      expires: new Date("2026-12-09T10:00:00Z"),
      origin: "https://maillage.test",
      sends: 1,
      membershipId: "m",
    });
    expect(mail.html).toContain("A &#60;b&#62; vous invite");
    expect(mail.text).not.toMatch(/\(e\)/);
  });
});
