import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CalendarFeed, CreatedCalendarFeed } from "../../shared/calendar-feeds";
import { call, db, department, organisation, type TestUser, token, user } from "../../test/factories";
import { createApp } from "../app";
import { memberships } from "../members/schema";
import { newId, sha256Hex } from "../platform/ids";
import { auditEvents } from "../platform/schema";
import { calendarFeedTokens } from "./schema";

/** Every API operation but the one a feed token opens, from the app's own route table (like the matrix). */
const { app } = createApp();
const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
const others = Object.entries(doc.paths ?? {})
  .flatMap(([path, item]) =>
    Object.entries(item as Record<string, { "x-access"?: string }>)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, access: op["x-access"] })),
  )
  .filter((o) => !(o.method === "GET" && o.path === "/api/v1/departments/{code}/calendar.ics"));
const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "code" ? "62" : name === "period" ? "2026-Q4" : "0190b2c4-0000-7000-8000-000000000000",
  );

const feedPath = (code: string) => `/api/v1/departments/${code}/calendar.ics`;
const subscribe = (who: TestUser, code = "62") =>
  call("POST", `/api/v1/departments/${code}/calendar/feed`, { headers: who.headers });
const secretOf = (url: string) => new URL(url).searchParams.get("token") ?? "";
/** The path and query of a subscription URL, as a calendar application requests it. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function created(who: TestUser, code = "62"): Promise<CreatedCalendarFeed> {
  const res = await subscribe(who, code);
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedCalendarFeed;
}

async function audits(entityId: string, action: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));
}

let prefecture: TestUser;
let member: TestUser;
let national: TestUser;
let orgId: string;
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());

beforeAll(async () => {
  await department("62");
  await department("59");
  orgId = (await organisation("62")).id;
  prefecture = await user("prefecture", "62");
  member = await user("member", "62", orgId);
  national = await user("national");
  const meeting = await call("POST", "/api/v1/departments/62/governance/meetings", {
    headers: prefecture.headers,
    body: { kind: "plenary", startsAt: `${today}T14:00`, location: "Préfecture, Arras" },
  });
  expect(meeting.status).toBe(201);
});

describe("a calendar subscription link", () => {
  it("is created once, shown once as a URL, stored hashed, and audited", async () => {
    const feed = await created(member);
    expect(feed.url).toMatch(/\/api\/v1\/departments\/62\/calendar\.ics\?token=mlgcal_[A-Za-z0-9_-]{43}$/);
    const secret = secretOf(feed.url);
    expect(feed).toMatchObject({ departmentCode: "62", departmentName: "Pas-de-Calais", revokedAt: null });
    expect(feed.prefix).toBe(secret.slice(0, 11));

    const [row] = await db().select().from(calendarFeedTokens).where(eq(calendarFeedTokens.id, feed.id));
    expect(row?.tokenHash).toBe(await sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);

    const list = await call("GET", "/api/v1/me/calendar-feeds", { headers: member.headers });
    const { items } = (await list.json()) as { items: CalendarFeed[] };
    expect(items.find((f) => f.id === feed.id)).toMatchObject({
      prefix: feed.prefix,
      revokedAt: null,
      usable: true,
    });
    expect(JSON.stringify(items)).not.toContain(secret);

    const [audit] = await audits(feed.id, "calendar_feed.created");
    expect(audit).toMatchObject({
      departmentCode: "62",
      actorUserId: member.id,
      entityType: "calendar_feed",
    });
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("reads the département's calendar from its URL alone, privately, and parseable", async () => {
    const feed = await created(prefecture);
    const res = await call("GET", pathOf(feed.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("private");
    expect(res.headers.get("cache-control")).not.toContain("public");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    const plenary = events.find((e) => e.startDate.toString().startsWith(today));
    expect(plenary?.location).toBe("Préfecture, Arras");
    await vi.waitFor(async () => {
      const [row] = await db().select().from(calendarFeedTokens).where(eq(calendarFeedTokens.id, feed.id));
      expect(row?.lastUsedAt).toBeTruthy();
    });
    // Other API answers stay uncacheable.
    expect(
      (await call("GET", "/api/v1/me", { headers: prefecture.headers })).headers.get("cache-control"),
    ).toBe("no-store");
  });

  it("a new link revokes the previous one (401 problem+json), and both changes are audited", async () => {
    const first = await created(member);
    const second = await created(member);
    expect(second.replacedId).toBe(first.id);
    const old = await call("GET", pathOf(first.url));
    expect(old.status).toBe(401);
    expect(old.headers.get("content-type")).toContain("application/problem+json");
    expect(await old.json()).toMatchObject({ code: "invalid_feed_token" });
    expect((await call("GET", pathOf(second.url))).status).toBe(200);
    const [revoked] = await audits(first.id, "calendar_feed.revoked");
    expect(revoked?.after).toMatchObject({ replacedBy: second.id });
    const live = await db()
      .select()
      .from(calendarFeedTokens)
      .where(and(eq(calendarFeedTokens.userId, member.id), eq(calendarFeedTokens.departmentCode, "62")));
    expect(live.filter((r) => r.revokedAt === null).map((r) => r.id)).toEqual([second.id]);
  });

  it("is revoked from the profile: refused afterwards, revoking twice is harmless, audited once", async () => {
    const feed = await created(prefecture);
    const del = await call("DELETE", `/api/v1/me/calendar-feeds/${feed.id}`, { headers: prefecture.headers });
    expect(del.status).toBe(204);
    expect((await call("GET", pathOf(feed.url))).status).toBe(401);
    const again = await call("DELETE", `/api/v1/me/calendar-feeds/${feed.id}`, {
      headers: prefecture.headers,
    });
    expect(again.status).toBe(204);
    const events = await audits(feed.id, "calendar_feed.revoked");
    expect(events).toHaveLength(1);
    expect(events[0]?.departmentCode).toBe("62");
    const { items } = (await (
      await call("GET", "/api/v1/me/calendar-feeds", { headers: prefecture.headers })
    ).json()) as { items: CalendarFeed[] };
    expect(items.find((f) => f.id === feed.id)).toMatchObject({ usable: false });
    expect(items.find((f) => f.id === feed.id)?.revokedAt).toBeTruthy();
  });

  it("nobody revokes or lists another user's link", async () => {
    const feed = await created(member);
    const del = await call("DELETE", `/api/v1/me/calendar-feeds/${feed.id}`, { headers: prefecture.headers });
    expect(del.status).toBe(404);
    expect(await del.json()).toMatchObject({ code: "not_found" });
    expect((await call("GET", pathOf(feed.url))).status).toBe(200);
    const { items } = (await (
      await call("GET", "/api/v1/me/calendar-feeds", { headers: prefecture.headers })
    ).json()) as { items: CalendarFeed[] };
    expect(items.map((f) => f.id)).not.toContain(feed.id);
  });

  it("stops working when its owner loses their membership of the département", async () => {
    const u = await user("member", "62", orgId);
    const feed = await created(u);
    expect((await call("GET", pathOf(feed.url))).status).toBe(200);
    await db()
      .update(memberships)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(memberships.id, u.membershipId));
    const res = await call("GET", pathOf(feed.url));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "invalid_feed_token" });
    // The profile says so (the user keeps a session through another membership).
    const other = newId();
    await db().insert(memberships).values({
      id: other,
      userId: u.id,
      departmentCode: "59",
      organisationId: null,
      role: "prefecture",
      createdAt: new Date().toISOString(),
    });
    const { items } = (await (
      await call("GET", "/api/v1/me/calendar-feeds", { headers: u.headers })
    ).json()) as { items: CalendarFeed[] };
    expect(items.find((f) => f.id === feed.id)).toMatchObject({ revokedAt: null, usable: false });
  });

  it("is revoked when its owner's membership is removed (audited), and stays so if they come back", async () => {
    const u = await user("member", "62", orgId);
    const feed = await created(u);
    const removed = await call("DELETE", `/api/v1/departments/62/members/${u.membershipId}`, {
      headers: prefecture.headers,
    });
    expect(removed.status).toBe(204);
    const [row] = await db().select().from(calendarFeedTokens).where(eq(calendarFeedTokens.id, feed.id));
    expect(row?.revokedAt).toBeTruthy();
    const events = await audits(feed.id, "calendar_feed.revoked");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      departmentCode: "62",
      actorUserId: prefecture.id,
      after: { revokedAt: row?.revokedAt, membershipRevoked: u.membershipId },
    });
    // Made a member again: the membership is reactivated, the link is not.
    const back = await call("POST", "/api/v1/departments/62/members", {
      headers: prefecture.headers,
      body: { email: u.email, role: "member", organisationId: orgId },
    });
    expect(back.status).toBe(201);
    const res = await call("GET", pathOf(feed.url));
    expect(res.status).toBe(401);
    const { items } = (await (
      await call("GET", "/api/v1/me/calendar-feeds", { headers: u.headers })
    ).json()) as { items: CalendarFeed[] };
    expect(items.find((f) => f.id === feed.id)).toMatchObject({ revokedAt: row?.revokedAt, usable: false });
  });

  it("outlives the removal of one membership while another still opens the département, and in other départements", async () => {
    const u = await user("member", "62", orgId);
    const otherOrg = (await organisation("62")).id;
    const at = new Date().toISOString();
    await db()
      .insert(memberships)
      .values([
        {
          id: newId(),
          userId: u.id,
          departmentCode: "62",
          organisationId: otherOrg,
          role: "member",
          createdAt: at,
        },
        {
          id: newId(),
          userId: u.id,
          departmentCode: "59",
          organisationId: null,
          role: "prefecture",
          createdAt: at,
        },
      ]);
    const here = await created(u);
    const there = await created(u, "59");
    const removed = await call("DELETE", `/api/v1/departments/62/members/${u.membershipId}`, {
      headers: prefecture.headers,
    });
    expect(removed.status).toBe(204);
    expect((await call("GET", pathOf(here.url))).status).toBe(200);
    expect((await call("GET", pathOf(there.url))).status).toBe(200);
    const rows = await db().select().from(calendarFeedTokens).where(eq(calendarFeedTokens.userId, u.id));
    expect(rows.map((r) => r.revokedAt)).toEqual([null, null]);
    expect(await audits(here.id, "calendar_feed.revoked")).toEqual([]);
  });

  it("gives nothing in another département: a 62 link on 59 (or on an unknown département) is refused", async () => {
    const feed = await created(prefecture);
    const secret = secretOf(feed.url);
    for (const code of ["59", "75"]) {
      const res = await call("GET", `${feedPath(code)}?token=${secret}`);
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    // A national user's link is for the one département it was made for, not for all of them.
    const nationalFeed = await created(national, "62");
    expect((await call("GET", pathOf(nationalFeed.url))).status).toBe(200);
    expect((await call("GET", `${feedPath("59")}?token=${secretOf(nationalFeed.url)}`)).status).toBe(403);
    // A user of 59 cannot make a link for 62.
    const of59 = await user("prefecture", "59");
    expect((await subscribe(of59, "62")).status).toBe(403);
  });

  it("an unknown or malformed token is a 401 problem+json", async () => {
    for (const t of ["mlgcal_nope", "", "x".repeat(300)]) {
      const res = await call("GET", `${feedPath("62")}?token=${t}`);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("is made and revoked by a person signed in, not by an API token", async () => {
    const t = await token(member);
    const res = await call("POST", "/api/v1/departments/62/calendar/feed", { headers: t.headers });
    expect(res.status).toBe(403);
    const feed = await created(member);
    const del = await call("DELETE", `/api/v1/me/calendar-feeds/${feed.id}`, { headers: t.headers });
    expect(del.status).toBe(403);
    expect((await call("GET", pathOf(feed.url))).status).toBe(200);
  });
});

describe("a subscription link opens nothing else", () => {
  let secret: string;
  beforeAll(async () => {
    secret = secretOf((await created(member)).url);
  });

  it("the route table is read", () => {
    expect(others.length).toBeGreaterThan(50);
  });

  it.each(others)("$method $path refuses it in the query and as a Bearer token", async (op) => {
    const body = ["POST", "PUT", "PATCH"].includes(op.method) ? {} : undefined;
    const path = concrete(op.path);
    const same = { "sec-fetch-site": "same-origin" };
    const inQuery = await call(op.method, `${path}?token=${secret}`, { body, headers: same });
    if (op.access === "public") {
      // A public route answers the token as if there were none: it opens nothing there either.
      const anonymous = await call(op.method, path, { body, headers: same });
      if (inQuery.ok) expect(anonymous.ok).toBe(true);
    } else {
      expect(inQuery.status).toBe(401);
    }
    const asBearer = await call(op.method, path, { body, headers: { authorization: `Bearer ${secret}` } });
    expect(asBearer.status).toBe(401);
  });

  it("not even the calendar as a Bearer token: it lives only in the subscription URL", async () => {
    const bearer = await call("GET", feedPath("62"), { headers: { authorization: `Bearer ${secret}` } });
    expect(bearer.status).toBe(401);
  });
});
