import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { callAt, db, department, indicator, organisation, type TestUser, user } from "../../test/factories";
import { indicatorAssignments, indicators } from "../indicators/schema";
import { memberships } from "../members/schema";
import { mailLog } from "../platform/schema";
import { frenchDay } from "./partners";

const Q3 = "/departments/62/periods/2026-Q3/report";
const NOV = "2026-11-10T10:00:00Z";

const api = (at: string, method: string, path: string, u: TestUser, body?: unknown) =>
  callAt(at, method, `/api/v1${path}`, {
    headers: { ...u.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

type Report = {
  version: number;
  status: string;
  submittedBy: string | null;
  validatedBy: string | null;
  validators: number;
  organisations: {
    organisationId: string;
    name: string;
    assigned: number;
    answered: number;
    doneAt: string | null;
    remindedAt: string | null;
    lastActivityAt: string | null;
  }[];
};

const mailsTo = (email: string) => db().select().from(mailLog).where(eq(mailLog.to, email));

let prefecture: TestUser;
let secondAgent: TestUser;
let asso: { id: string };
let city: { id: string };
let assoMember: TestUser;
let cityMember: TestUser;

async function save(u: TestUser, values: unknown[], at = NOV) {
  const etag = (await api(at, "GET", Q3, u)).headers.get("etag") ?? "";
  const res = await callAt(at, "PUT", `/api/v1${Q3}/values`, {
    headers: { ...u.headers, "if-match": etag, "content-type": "application/json" },
    body: JSON.stringify({ values }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  await department("62");
  prefecture = await user("prefecture", "62");
  secondAgent = await user("prefecture", "62");
  asso = await organisation("62", { kind: "association", name: "France Victimes 62" });
  city = await organisation("62", { kind: "other", name: "Communauté urbaine d'Arras", rna: null });
  assoMember = await user("member", "62", asso.id);
  cityMember = await user("member", "62", city.id);
  await db()
    .insert(indicators)
    .values([
      indicator("N48-1", { measureNumber: 48 }),
      indicator("N13-1", { measureNumber: 13 }),
      indicator("N14-1", { measureNumber: 14 }),
      indicator("N15-1", { measureNumber: 15 }),
    ]);
  await db()
    .insert(indicatorAssignments)
    .values([
      { departmentCode: "62", indicatorCode: "N13-1", organisationId: asso.id },
      { departmentCode: "62", indicatorCode: "N14-1", organisationId: asso.id },
      { departmentCode: "62", indicatorCode: "N15-1", organisationId: city.id },
    ]);
});

describe("progress per organisation", () => {
  it("shows the prefecture every organisation's assigned, answered and last activity", async () => {
    await save(assoMember, [{ indicator: "N13-1", state: "value", value: 4 }]);
    const report = await (await api(NOV, "GET", Q3, prefecture)).json<Report>();
    expect(report.organisations).toEqual([
      expect.objectContaining({
        name: "Communauté urbaine d'Arras",
        assigned: 1,
        answered: 0,
        lastActivityAt: null,
      }),
      expect.objectContaining({ name: "France Victimes 62", assigned: 2, answered: 1, doneAt: null }),
    ]);
    expect(report.organisations[1]?.lastActivityAt).toBe(new Date(NOV).toISOString());
  });

  it("shows a member their own organisation's part only", async () => {
    const report = await (await api(NOV, "GET", Q3, assoMember)).json<Report>();
    expect(report.organisations.map((o) => o.name)).toEqual(["France Victimes 62"]);
  });
});

describe("J'ai terminé", () => {
  it("refuses while the organisation's indicators are unanswered, naming them", async () => {
    const res = await api(NOV, "POST", `${Q3}/organisations/${asso.id}/done`, assoMember);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "report_incomplete", missing: ["N14-1"] });
  });

  it("refuses another organisation's part", async () => {
    const res = await api(NOV, "POST", `${Q3}/organisations/${city.id}/done`, assoMember);
    expect(res.status).toBe(403);
  });

  it("records the part done and tells the prefecture, once", async () => {
    await save(assoMember, [{ indicator: "N14-1", state: "not_available", value: null }]);
    const res = await api(NOV, "POST", `${Q3}/organisations/${asso.id}/done`, assoMember);
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await res.json<Report>();
    expect(report.organisations[0]).toMatchObject({
      name: "France Victimes 62",
      answered: 2,
      doneAt: expect.any(String),
    });
    const mails = await mailsTo(prefecture.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("France Victimes 62 a terminé sa saisie du rapport T3 2026");
    expect(mails[0]?.text).toContain(`/departements/62/trimestres/2026-Q3?organisation=${asso.id}`);
    expect(await mailsTo(secondAgent.email)).toHaveLength(1);
    // Saying it again changes nothing and mails nobody.
    const again = await api(NOV, "POST", `${Q3}/organisations/${asso.id}/done`, assoMember);
    expect(again.status).toBe(200);
    expect(await mailsTo(prefecture.email)).toHaveLength(1);
    // The prefecture sees it on a new read.
    const seen = await (await api(NOV, "GET", Q3, prefecture)).json<Report>();
    expect(seen.organisations.find((o) => o.organisationId === asso.id)?.doneAt).toBe(
      report.organisations[0]?.doneAt,
    );
  });
});

describe("Relancer", () => {
  it("e-mails the organisation's members what remains and their deadline, once a day", async () => {
    const res = await api(NOV, "POST", `${Q3}/organisations/${city.id}/reminder`, prefecture);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json<Report>()).organisations[0]).toMatchObject({
      remindedAt: new Date(NOV).toISOString(),
    });
    const mails = await mailsTo(cityMember.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(
      "Rapport T3 2026 : un indicateur reste à renseigner pour Communauté urbaine d'Arras",
    );
    expect(mails[0]?.text).toContain("au plus tard le 31 octobre 2026");
    expect(await mailsTo(assoMember.email)).toHaveLength(0);

    const sameDay = await api(
      "2026-11-10T17:00:00Z",
      "POST",
      `${Q3}/organisations/${city.id}/reminder`,
      secondAgent,
    );
    expect(sameDay.status).toBe(409);
    expect(await sameDay.json()).toMatchObject({ code: "already_reminded" });
    expect(await mailsTo(cityMember.email)).toHaveLength(1);

    const nextDay = await api(
      "2026-11-11T08:00:00Z",
      "POST",
      `${Q3}/organisations/${city.id}/reminder`,
      prefecture,
    );
    expect(nextDay.status).toBe(200);
    expect(await mailsTo(cityMember.email)).toHaveLength(2);
  });

  it("does not remind an organisation that has finished, and is for the prefecture only", async () => {
    const done = await api(NOV, "POST", `${Q3}/organisations/${asso.id}/reminder`, prefecture);
    expect(done.status).toBe(409);
    expect(await done.json()).toMatchObject({ code: "already_done" });
    expect((await api(NOV, "POST", `${Q3}/organisations/${city.id}/reminder`, assoMember)).status).toBe(403);
    expect((await api(NOV, "POST", `${Q3}/organisations/unknown/reminder`, prefecture)).status).toBe(404);
  });
});

describe("four eyes", () => {
  const transition = async (u: TestUser, action: string) => api(NOV, "POST", `${Q3}/${action}`, u);

  it("says who submitted; with two validators the submitter cannot validate, the other one can", async () => {
    await save(prefecture, [{ indicator: "N48-1", state: "value", value: 1 }]);
    await save(cityMember, [{ indicator: "N15-1", state: "value", value: 2 }]);
    await db()
      .update(memberships)
      .set({ validator: true })
      .where(eq(memberships.id, prefecture.membershipId));
    await db()
      .update(memberships)
      .set({ validator: true })
      .where(eq(memberships.id, secondAgent.membershipId));

    const submitted = await transition(prefecture, "submit");
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    expect(await submitted.json()).toMatchObject({
      submittedBy: prefecture.email,
      validators: 2,
      // Named, so the submit dialog can say who will validate.
      validatorEmails: [prefecture.email, secondAgent.email].sort(),
    });

    const own = await transition(prefecture, "validate");
    expect(own.status).toBe(409);
    expect(await own.json()).toMatchObject({
      code: "four_eyes",
      detail: expect.stringMatching(/un autre valideur/),
    });

    const other = await transition(secondAgent, "validate");
    expect(other.status, await other.clone().text()).toBe(200);
    expect(await other.json()).toMatchObject({
      status: "validated",
      submittedBy: prefecture.email,
      validatedBy: secondAgent.email,
    });
    const read = await (await api(NOV, "GET", Q3, assoMember)).json<Report>();
    expect(read).toMatchObject({ submittedBy: prefecture.email, validatedBy: secondAgent.email });
  });

  it("once validators are designated, a prefecture agent without the right cannot validate", async () => {
    const third = await user("prefecture", "62");
    const reopened = await callAt(NOV, "POST", `/api/v1${Q3}/reopen`, {
      headers: { ...prefecture.headers, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Chiffre corrigé par la ville" }),
    });
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toMatchObject({ submittedBy: null, validatedBy: null });
    expect((await transition(third, "submit")).status).toBe(200);
    const res = await transition(third, "validate");
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "not_validator" });
    // The submitter being someone else, a validator validates.
    expect((await transition(prefecture, "validate")).status).toBe(200);
  });
});

describe("French dates in mails", () => {
  it("writes 1er and the month's name", () => {
    expect(frenchDay("2026-11-01")).toBe("1er novembre 2026");
    expect(frenchDay("2026-10-21")).toBe("21 octobre 2026");
  });
});
