import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditRowsOf, call, db, department, organisation, type TestUser, user } from "../../test/factories";
import { organisations } from "../organisations/schema";
import { auditEventIfChanged } from "../platform/audit";
import { fixedClock } from "../platform/clock";
import { type Actor, systemActor } from "../platform/context";
import { clientRequestId } from "../platform/request-id";

type AuditItem = { id: string; at: string; action: string; actorEmail: string | null; entityId: string };

let prefecture: TestUser;
let national: TestUser;
let member: TestUser;
let prefecture59: TestUser;

beforeAll(async () => {
  await department("62");
  await department("59");
  prefecture = await user("prefecture", "62");
  national = await user("national");
  member = await user("member", "62", (await organisation("62")).id);
  prefecture59 = await user("prefecture", "59");
  // 7 audited writes in 62, 1 in 59
  for (let i = 0; i < 7; i++) {
    const res = await call("POST", "/api/v1/departments/62/organisations", {
      headers: prefecture.headers,
      body: { kind: "association", name: `Association ${i}`, rna: `W62200000${i}` },
    });
    expect(res.status).toBe(201);
  }
  const res = await call("POST", "/api/v1/departments/59/organisations", {
    headers: prefecture59.headers,
    body: { kind: "association", name: "Association du Nord", rna: "W595000001" },
  });
  expect(res.status).toBe(201);
});

describe("audit listing", () => {
  it("pages through the département's events newest first, each exactly once", async () => {
    const seen: AuditItem[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call("GET", `/api/v1/departments/62/audit?limit=3${q}`, {
        headers: national.headers,
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: AuditItem[]; nextCursor: string | null };
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
    const keys = seen.map((e) => `${e.at}|${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(seen.every((e) => e.action === "organisation.created" && e.actorEmail === prefecture.email)).toBe(
      true,
    );
  });

  it("returns before/after and the request id", async () => {
    const res = await call("GET", "/api/v1/departments/62/audit?limit=1", { headers: prefecture.headers });
    const [event] = ((await res.json()) as { items: Record<string, unknown>[] }).items;
    expect(event).toMatchObject({
      entityType: "organisation",
      before: null,
      membershipId: prefecture.membershipId,
    });
    expect(event?.after).toMatchObject({ name: "Association 6" });
    expect(typeof event?.requestId).toBe("string");
  });

  it("a member cannot read the audit log; the prefecture of 59 cannot read 62's", async () => {
    expect((await call("GET", "/api/v1/departments/62/audit", { headers: member.headers })).status).toBe(403);
    expect(
      (await call("GET", "/api/v1/departments/62/audit", { headers: prefecture59.headers })).status,
    ).toBe(403);
    const own = await call("GET", "/api/v1/departments/59/audit", { headers: prefecture59.headers });
    expect(((await own.json()) as { items: AuditItem[] }).items).toHaveLength(1);
  });

  it("rejects a forged cursor", async () => {
    const res = await call("GET", "/api/v1/departments/62/audit?cursor=eyJ4IjoxfQ", {
      headers: national.headers,
    });
    expect(res.status).toBe(400);
  });
});

describe("auditEventIfChanged", () => {
  const services = { db: db(), clock: fixedClock("2026-11-01T10:00:00.000Z") };
  const actor: Actor = {
    kind: "user",
    userId: "",
    membershipId: null,
    requestId: "req-test",
    clientRequestId: null,
  };

  it("writes the event when the preceding statement changed a row, and not otherwise", async () => {
    const org = await organisation("62", { name: "Conditionnel" });
    const by = { ...actor, userId: prefecture.id };
    const rename = (version: number) =>
      db()
        .update(organisations)
        .set({ name: `v${version + 1}`, version: version + 1 })
        .where(eq(organisations.version, version));
    const input = {
      departmentCode: "62",
      action: "test",
      entityType: "organisation",
      entityId: org.id,
      after: { a: 1 },
    };
    await db().batch([rename(99), auditEventIfChanged(services, by, input)]);
    expect(await auditRowsOf(org.id)).toHaveLength(0);
    await db().batch([
      db().update(organisations).set({ name: "Changé" }).where(eq(organisations.id, org.id)),
      auditEventIfChanged(services, by, input),
    ]);
    const rows = await auditRowsOf(org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "test",
      after: { a: 1 },
      requestId: "req-test",
      actorUserId: prefecture.id,
      actorKind: "user",
    });
  });

  it("records a system actor with its job id in place of a request id, and the listing shows it", async () => {
    const org = await organisation("62", { name: "Par la tâche planifiée" });
    await db().batch([
      db().update(organisations).set({ name: "Renommée la nuit" }).where(eq(organisations.id, org.id)),
      auditEventIfChanged(
        { db: db(), clock: fixedClock("2030-01-01T03:00:00.000Z") },
        systemActor("system:cron", "cron-2030-01-01"),
        { departmentCode: "62", action: "test.nightly", entityType: "organisation", entityId: org.id },
      ),
    ]);
    const res = await call("GET", "/api/v1/departments/62/audit?limit=1", { headers: national.headers });
    const [event] = ((await res.json()) as { items: Record<string, unknown>[] }).items;
    expect(event).toMatchObject({
      action: "test.nightly",
      actorKind: "system:cron",
      requestId: "cron-2030-01-01",
      actorUserId: null,
      actorEmail: null,
      membershipId: null,
      clientRequestId: null,
    });
  });
});

describe("request ids", () => {
  it("are generated by the server; the client's X-Request-Id is kept apart, bounded and sanitised", async () => {
    const forged = `evil-id<script>"'; drop ${"x".repeat(300)}`;
    const res = await call("POST", "/api/v1/departments/62/organisations", {
      headers: { ...prefecture.headers, "x-request-id": forged },
      body: { kind: "association", name: "Association corrélée", rna: "W622000099" },
    });
    expect(res.status).toBe(201);
    const served = res.headers.get("x-request-id");
    expect(served).toMatch(/^[0-9a-f-]{36}$/);
    const { id } = (await res.json()) as { id: string };
    const [row] = await auditRowsOf(id);
    expect(row?.requestId).toBe(served);
    expect(row?.clientRequestId).toBe(`evil-idscriptdrop${"x".repeat(83)}`);
    expect(row?.clientRequestId).toHaveLength(100);

    // A well-formed client id is still not taken as the request id.
    const again = await call("GET", "/api/v1/departments/62/audit?limit=1", {
      headers: { ...prefecture.headers, "x-request-id": "client-123" },
    });
    expect(again.headers.get("x-request-id")).not.toBe("client-123");
  });

  it("clientRequestId drops unsafe characters and keeps 100 at most", () => {
    expect(clientRequestId(undefined)).toBeNull();
    expect(clientRequestId("<>\"'")).toBeNull();
    expect(clientRequestId("trace:abc_1.2-3")).toBe("trace:abc_1.2-3");
    expect(clientRequestId("a\r\nb")).toBe("ab");
    expect(clientRequestId("z".repeat(150))).toBe("z".repeat(100));
  });
});
