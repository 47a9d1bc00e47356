import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../../shared/organisation";
import {
  auditRowsOf,
  call,
  department,
  organisation,
  type TestUser,
  token,
  user,
} from "../../test/factories";
import { canManageRole, organisationRequirement } from "./rules";

const base = "/api/v1/departments/62/members";

let prefecture: TestUser;
let national: TestUser;
let member: TestUser;
let prefecture59: TestUser;
let orgId: string;
let org59Id: string;

async function countMemberships() {
  return (await env.DB.prepare("select count(*) as n from memberships").first<{ n: number }>())?.n ?? 0;
}

beforeAll(async () => {
  await department("62");
  await department("59");
  orgId = (await organisation("62", { name: "France Victimes 62" })).id;
  org59Id = (await organisation("59")).id;
  prefecture = await user("prefecture", "62");
  national = await user("national");
  member = await user("member", "62", orgId);
  prefecture59 = await user("prefecture", "59");
});

describe("role rules", () => {
  it("prefecture manages members only; national manages members and prefecture users; members manage nobody", () => {
    expect(canManageRole(["prefecture"], "member")).toBe(true);
    expect(canManageRole(["prefecture"], "prefecture")).toBe(false);
    expect(canManageRole(["national"], "prefecture")).toBe(true);
    expect(canManageRole(["national"], "member")).toBe(true);
    expect(canManageRole(["national"], "national")).toBe(false);
    expect(canManageRole(["member"], "member")).toBe(false);
  });
  it("a member needs an organisation, a prefecture user does not", () => {
    expect(organisationRequirement("member", undefined)?.pointer).toBe("/organisationId");
    expect(organisationRequirement("prefecture", undefined)).toBeNull();
  });
});

describe("listing members", () => {
  it("the prefecture and the national level list the département's active members", async () => {
    for (const u of [prefecture, national]) {
      const res = await call("GET", base, { headers: u.headers });
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: Member[] };
      const mine = items.find((m) => m.membershipId === member.membershipId);
      expect(mine).toMatchObject({
        userId: member.id,
        email: member.email,
        role: "member",
        organisationId: orgId,
        organisationName: "France Victimes 62",
      });
      expect(items.some((m) => m.membershipId === prefecture.membershipId)).toBe(true);
      expect(items.some((m) => m.membershipId === prefecture59.membershipId)).toBe(false);
      expect(items.some((m) => m.userId === national.id)).toBe(false);
    }
  });

  it("a member cannot list members; the prefecture of 59 cannot list 62's", async () => {
    expect((await call("GET", base, { headers: member.headers })).status).toBe(403);
    expect((await call("GET", base, { headers: prefecture59.headers })).status).toBe(403);
    expect((await call("GET", base)).status).toBe(401);
  });
});

describe("adding members", () => {
  it("the prefecture adds a member by a new email: the user is created (email lower-cased) and audited", async () => {
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: {
        email: "  Nouvelle.Personne@Example.org ",
        name: "Nouvelle Personne",
        role: "member",
        organisationId: orgId,
      },
    });
    expect(res.status).toBe(201);
    const added = (await res.json()) as Member;
    expect(added).toMatchObject({
      email: "nouvelle.personne@example.org",
      name: "Nouvelle Personne",
      role: "member",
      organisationId: orgId,
      organisationName: "France Victimes 62",
    });
    const audit = (await auditRowsOf(added.membershipId)).filter((a) => a.action.startsWith("membership."));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "membership.created",
      departmentCode: "62",
      actorUserId: prefecture.id,
    });
    expect(audit[0]?.after).toMatchObject({ email: "nouvelle.personne@example.org", role: "member" });
  });

  it("adding an existing user reuses their account", async () => {
    const other = await organisation("62");
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { email: member.email.toUpperCase(), role: "member", organisationId: other.id },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ userId: member.id, organisationId: other.id });
  });

  it("the same membership twice answers 409 and writes nothing", async () => {
    const before = await countMemberships();
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { email: member.email, role: "member", organisationId: orgId },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "already_member" });
    expect(await countMemberships()).toBe(before);
  });

  it("the same prefecture user without organisation cannot be added twice, even concurrently", async () => {
    const body = { email: "prefet-adjoint@interieur.gouv.fr", role: "prefecture" };
    const results = await Promise.all(
      [1, 2, 3].map(() => call("POST", base, { headers: national.headers, body })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const rows = await env.DB.prepare(
      "select m.id from memberships m join users u on u.id = m.user_id where u.email = ? and m.revoked_at is null",
    )
      .bind(body.email)
      .all();
    expect(rows.results).toHaveLength(1);
  });

  it("validation errors point at the field and create no user", async () => {
    const cases: [unknown, string][] = [
      [{ email: "pas-une-adresse", role: "member", organisationId: orgId }, "/email"],
      [{ email: "a@b.fr", role: "member" }, "/organisationId"],
      [{ email: "a@b.fr", role: "member", organisationId: org59Id }, "/organisationId"], // of another département
      [{ email: "a@b.fr", role: "national" }, "/role"],
    ];
    for (const [body, pointer] of cases) {
      const res = await call("POST", base, { headers: prefecture.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe(pointer);
    }
    const user = await env.DB.prepare("select id from users where email = 'a@b.fr'").first();
    expect(user).toBeNull();
  });

  it("the prefecture cannot appoint a prefecture user; the national level can", async () => {
    const body = { email: "ddfe@pas-de-calais.gouv.fr", role: "prefecture" };
    const refused = await call("POST", base, { headers: prefecture.headers, body });
    expect(refused.status).toBe(403);
    expect(await env.DB.prepare("select id from users where email = ?").bind(body.email).first()).toBeNull();
    const ok = await call("POST", base, { headers: national.headers, body });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ role: "prefecture", organisationId: null });
  });

  it("a member cannot add members, nor can the prefecture of another département", async () => {
    const body = { email: "x@y.fr", role: "member", organisationId: orgId };
    expect((await call("POST", base, { headers: member.headers, body })).status).toBe(403);
    expect((await call("POST", base, { headers: prefecture59.headers, body })).status).toBe(403);
  });
});

describe("revoking members", () => {
  it("the prefecture revokes a member: access is gone, the event is audited, a second revoke answers 404", async () => {
    const target = await user("member", "62", orgId);
    expect(
      (await call("GET", "/api/v1/departments/62/organisations", { headers: target.headers })).status,
    ).toBe(200);
    const res = await call("DELETE", `${base}/${target.membershipId}`, { headers: prefecture.headers });
    expect(res.status).toBe(204);
    expect(
      (await call("GET", "/api/v1/departments/62/organisations", { headers: target.headers })).status,
    ).toBe(403);
    const audit = await auditRowsOf(target.membershipId);
    expect(audit.map((a) => a.action)).toEqual(["membership.revoked"]);
    const again = await call("DELETE", `${base}/${target.membershipId}`, { headers: prefecture.headers });
    expect(again.status).toBe(404);
    expect(await auditRowsOf(target.membershipId)).toHaveLength(1);
  });

  it("a revoked member can be added again (the membership is reactivated), without reviving old tokens", async () => {
    const target = await user("member", "62", orgId);
    const old = await token(target);
    expect((await call("GET", "/api/v1/me", { headers: old.headers })).status).toBe(200);
    await call("DELETE", `${base}/${target.membershipId}`, { headers: prefecture.headers });
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { email: target.email, role: "member", organisationId: orgId },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ membershipId: target.membershipId });
    const audit = await auditRowsOf(target.membershipId);
    // The reactivation and its invitation may share a millisecond: their order is not asserted.
    expect(audit[0]?.action).toBe("membership.revoked");
    expect(
      audit
        .slice(1)
        .map((a) => a.action)
        .sort(),
    ).toEqual(["invitation.sent", "membership.reactivated"]);
    expect((await call("GET", "/api/v1/me", { headers: old.headers })).status).toBe(401);
  });

  it("the prefecture cannot revoke a prefecture user; the national level can", async () => {
    const other = await user("prefecture", "62");
    const refused = await call("DELETE", `${base}/${other.membershipId}`, { headers: prefecture.headers });
    expect(refused.status).toBe(403);
    expect(await auditRowsOf(other.membershipId)).toHaveLength(0);
    const ok = await call("DELETE", `${base}/${other.membershipId}`, { headers: national.headers });
    expect(ok.status).toBe(204);
  });

  it("a membership of 59 under /departments/62 answers 404 like a missing one", async () => {
    const target = await user("member", "59", org59Id);
    const res = await call("DELETE", `${base}/${target.membershipId}`, { headers: national.headers });
    expect(res.status).toBe(404);
    const missing = await call("DELETE", `${base}/nope`, { headers: national.headers });
    expect(missing.status).toBe(404);
    // still active
    expect(
      (await call("GET", "/api/v1/departments/59/organisations", { headers: target.headers })).status,
    ).toBe(200);
  });

  it("a member cannot revoke anyone", async () => {
    const target = await user("member", "62", orgId);
    expect((await call("DELETE", `${base}/${target.membershipId}`, { headers: member.headers })).status).toBe(
      403,
    );
  });
});

describe("the validator right (four eyes)", () => {
  it("the national level grants it to a prefecture agent, audited; the prefecture cannot grant it", async () => {
    const agent = await user("prefecture", "62");
    const path = `${base}/${agent.membershipId}/validator`;
    expect((await call("PUT", path, { headers: prefecture.headers, body: { validator: true } })).status).toBe(
      403,
    );
    const granted = await call("PUT", path, { headers: national.headers, body: { validator: true } });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({ membershipId: agent.membershipId, validator: true });
    const list = await (await call("GET", base, { headers: national.headers })).json<{ items: Member[] }>();
    expect(list.items.find((m) => m.membershipId === agent.membershipId)?.validator).toBe(true);
    expect((await auditRowsOf(agent.membershipId)).map((r) => r.action)).toContain(
      "membership.validator.granted",
    );
  });

  it("only a prefecture agent can be a validator (422 naming the membership)", async () => {
    const res = await call("PUT", `${base}/${member.membershipId}/validator`, {
      headers: national.headers,
      body: { validator: true },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ in: "path", pointer: "/membershipId" }] });
  });
});
