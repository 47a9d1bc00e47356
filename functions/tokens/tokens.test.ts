import { exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, db, department, organisation, type TestUser, token, user } from "../../test/factories";
import { apiTokens, memberships } from "../members/schema";
import { newId, sha256Hex } from "../platform/ids";
import { auditEvents } from "../platform/schema";

type Created = {
  token: string;
  id: string;
  name: string;
  prefix: string;
  membershipId: string;
  expiresAt: string;
};

async function create(u: TestUser, body: Record<string, unknown>) {
  return call("POST", "/api/v1/me/tokens", { headers: u.headers, body });
}

describe("API tokens", () => {
  let orgId: string;
  let member: TestUser;
  beforeAll(async () => {
    await department("62");
    await department("59");
    orgId = (await organisation("62")).id;
    member = await user("member", "62", orgId);
  });

  it("a signed-in user creates a token for one membership; it is shown once and stored hashed", async () => {
    const res = await create(member, {
      name: "Tableur de suivi",
      membershipId: member.membershipId,
      expiresInDays: 30,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created & Record<string, unknown>;
    expect(created).toMatchObject({
      name: "Tableur de suivi",
      membershipId: member.membershipId,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.token).toMatch(/^mlg_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 8));
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt as string)).toBe(30 * 86_400_000);

    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.tokenHash).toBe(await sha256Hex(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = await call("GET", "/api/v1/me/tokens", { headers: member.headers });
    const { items } = (await list.json()) as { items: Record<string, unknown>[] };
    const listed = items.find((t) => t.id === created.id);
    expect(listed).toMatchObject({ name: "Tableur de suivi", prefix: created.prefix });
    expect(listed).not.toHaveProperty("token");
    expect(listed).not.toHaveProperty("tokenHash");

    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, created.id), eq(auditEvents.action, "api_token.created")));
    expect(audit).toMatchObject({
      departmentCode: "62",
      entityType: "api_token",
      actorUserId: member.id,
      membershipId: member.membershipId,
    });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it("the token acts with its one membership: /me shows only that membership", async () => {
    const res = await create(member, { name: "API", membershipId: member.membershipId });
    const created = (await res.json()) as Created;
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    const me = await call("GET", "/api/v1/me", { headers: { authorization: `Bearer ${created.token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { id: member.id },
      memberships: [{ id: member.membershipId }],
    });
  });

  it("a token lists only the tokens of its own membership", async () => {
    const u = await user("member", "62", orgId);
    const second = newId();
    await db().insert(memberships).values({
      id: second,
      userId: u.id,
      departmentCode: "59",
      organisationId: null,
      role: "prefecture",
      createdAt: new Date().toISOString(),
    });
    const a = (await (await create(u, { name: "A", membershipId: u.membershipId })).json()) as Created;
    await create(u, { name: "B", membershipId: second });
    const bySession = (await (await call("GET", "/api/v1/me/tokens", { headers: u.headers })).json()) as {
      items: { name: string }[];
    };
    expect(bySession.items.map((t) => t.name).sort()).toEqual(["A", "B"]);
    const byToken = (await (
      await call("GET", "/api/v1/me/tokens", { headers: { authorization: `Bearer ${a.token}` } })
    ).json()) as { items: { name: string }[] };
    expect(byToken.items.map((t) => t.name)).toEqual(["A"]);
  });

  it("a token is refused once revoked, and revoking twice is harmless", async () => {
    const created = (await (
      await create(member, { name: "À révoquer", membershipId: member.membershipId })
    ).json()) as Created;
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await call("GET", "/api/v1/me", { headers: bearer })).status).toBe(200);

    const del = await call("DELETE", `/api/v1/me/tokens/${created.id}`, { headers: member.headers });
    expect(del.status).toBe(204);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.revokedAt).toBeTruthy();

    const again = await call("DELETE", `/api/v1/me/tokens/${created.id}`, { headers: member.headers });
    expect(again.status).toBe(204);
    const [still] = await db().select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(still?.revokedAt).toBe(row?.revokedAt);
    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, created.id), eq(auditEvents.action, "api_token.revoked")));
    expect(events).toHaveLength(1);
    expect(events[0]?.departmentCode).toBe("62");

    const refused = await call("GET", "/api/v1/me", { headers: bearer });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain("invalid_token");
    expect(await refused.json()).toMatchObject({ code: "invalid_token" });
  });

  it("an expired token is refused", async () => {
    const t = await token(member, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const res = await call("GET", "/api/v1/me", { headers: t.headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "invalid_token" });
  });

  it("a token of a revoked membership is refused", async () => {
    const u = await user("member", "62", orgId);
    const t = await token(u);
    await db()
      .update(memberships)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(memberships.id, u.membershipId));
    expect((await call("GET", "/api/v1/me", { headers: t.headers })).status).toBe(401);
  });

  it("an unknown or malformed bearer token is refused", async () => {
    expect((await call("GET", "/api/v1/me", { headers: { authorization: "Bearer mlg_nope" } })).status).toBe(
      401,
    );
    expect((await call("GET", "/api/v1/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("using a token records when it was last used", async () => {
    const t = await token(member);
    expect((await call("GET", "/api/v1/me/tokens", { headers: t.headers })).status).toBe(200);
    await vi.waitFor(async () => {
      const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, t.id));
      expect(row?.lastUsedAt).toBeTruthy();
    });
  });

  it("a token cannot create or revoke tokens", async () => {
    const t = await token(member);
    const created = await create(
      { ...member, headers: t.headers },
      { name: "x", membershipId: member.membershipId },
    );
    expect(created.status).toBe(403);
    expect(await created.json()).toMatchObject({ code: "forbidden" });
    const revoked = await call("DELETE", `/api/v1/me/tokens/${t.id}`, { headers: t.headers });
    expect(revoked.status).toBe(403);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, t.id));
    expect(row?.revokedAt).toBeNull();
  });

  it("a token can only be made for one of the caller's own active memberships", async () => {
    const other = await user("prefecture", "59");
    const foreign = await create(member, { name: "x", membershipId: other.membershipId });
    expect(foreign.status).toBe(422);
    expect(await foreign.json()).toMatchObject({
      code: "validation_failed",
      errors: [{ in: "body", pointer: "/membershipId" }],
    });
    expect((await create(member, { name: "x", membershipId: newId() })).status).toBe(422);

    const u = await user("member", "62", orgId);
    await db()
      .update(memberships)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(memberships.id, u.membershipId));
    expect((await create(u, { name: "x", membershipId: u.membershipId })).status).toBe(422);
  });

  it("expiry must be 1 to 365 days and a name is required", async () => {
    for (const expiresInDays of [0, 366, 2.5]) {
      const res = await create(member, { name: "x", membershipId: member.membershipId, expiresInDays });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ errors: [{ pointer: "/expiresInDays" }] });
    }
    const noName = await create(member, { name: "  ", membershipId: member.membershipId });
    expect(noName.status).toBe(422);
    expect(await noName.json()).toMatchObject({ errors: [{ pointer: "/name" }] });
    expect(
      (await create(member, { name: "x", membershipId: member.membershipId, expiresInDays: 365 })).status,
    ).toBe(201);
  });

  it("nobody sees or revokes another user's tokens", async () => {
    const other = await user("member", "62", orgId);
    const theirs = await token(other);
    const del = await call("DELETE", `/api/v1/me/tokens/${theirs.id}`, { headers: member.headers });
    expect(del.status).toBe(404);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, theirs.id));
    expect(row?.revokedAt).toBeNull();
    const list = (await (await call("GET", "/api/v1/me/tokens", { headers: member.headers })).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((t) => t.id)).not.toContain(theirs.id);
  });

  it("anonymous callers get 401", async () => {
    expect((await call("GET", "/api/v1/me/tokens")).status).toBe(401);
    expect((await call("POST", "/api/v1/me/tokens", { body: { name: "x", membershipId: "y" } })).status).toBe(
      401,
    );
    expect((await call("GET", "/api/v1/me")).status).toBe(401);
  });
});

describe("CSRF on cookie-authenticated writes", () => {
  let u: TestUser;
  beforeAll(async () => {
    u = await user("prefecture", "62");
  });

  const post = (headers: Record<string, string>) =>
    exports.default.fetch(
      new Request("https://maillage.test/api/v1/me/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: u.headers.cookie as string, ...headers },
        body: JSON.stringify({ name: "csrf", membershipId: u.membershipId }),
      }),
    );

  it("a cookie-authenticated POST without Sec-Fetch-Site or Origin is refused", async () => {
    const res = await post({});
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "csrf_failed" });
  });

  it("a POST from another site is refused", async () => {
    expect((await post({ origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-site" })).status).toBe(403);
    const rows = await db().select().from(apiTokens).where(eq(apiTokens.name, "csrf"));
    expect(rows).toHaveLength(0);
  });

  it("the same POST from Maillage itself works", async () => {
    expect((await post({ origin: "https://maillage.test" })).status).toBe(201);
    expect((await post({ "sec-fetch-site": "same-origin" })).status).toBe(201);
  });
});
