import { beforeAll, describe, expect, it } from "vitest";
import { callAt, db, department, indicator, organisation, type TestUser, user } from "../../test/factories";
import { actionSheets, axes, indicators } from "../indicators/schema";
import { reports } from "./schema";

/** Calls the API as if today were `iso` (report windows depend on the date). */
const api = (
  iso: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
) => callAt(iso, method, `/api/v1${path}`, options);

const NOV = "2026-11-10T10:00:00Z";
const reportOf = (period: string) => `/departments/62/periods/${period}/report`;
/** Only read here (and refused writes): each case that saves works on a quarter of its own. */
const Q3 = reportOf("2026-Q3");

let prefecture: TestUser;
let member: TestUser;
let otherMember: TestUser;
let national: TestUser;
let assoId: string;

/** The report's ETag now: a case reads it rather than counting the writes of the cases before it. */
async function etagOf(path: string, as: TestUser = prefecture): Promise<string> {
  const res = await api(NOV, "GET", path, { headers: as.headers });
  expect(res.status).toBe(200);
  return res.headers.get("etag") ?? "";
}

/** Saves values on the report as it is now, and checks they were saved. */
async function save(path: string, values: unknown[], as: TestUser = prefecture, iso = NOV) {
  const res = await api(iso, "PUT", `${path}/values`, {
    headers: { ...as.headers, "if-match": await etagOf(path, as) },
    body: { values },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res;
}

beforeAll(async () => {
  await department("62");
  const asso = await organisation("62", { kind: "association", createdAt: "2026-02-01T00:00:00Z" });
  const caf = await organisation("62", { kind: "social_security", rna: null, siret: "53447392600015" });
  assoId = asso.id;
  prefecture = await user("prefecture", "62");
  member = await user("member", "62", asso.id);
  otherMember = await user("member", "62", caf.id);
  national = await user("national");
  await db().batch([
    db().insert(axes).values({ departmentCode: "62", code: "2", title: "Protéger" }),
    db().insert(actionSheets).values({
      departmentCode: "62",
      code: "2.5",
      axisCode: "2",
      title: "Accueil des victimes",
      pilotOrganisationId: asso.id,
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    }),
    db()
      .insert(indicators)
      .values([
        indicator("N48-1", { measureNumber: 48, label: "Téléphones grave danger attribués" }),
        indicator("N10-1", { measureNumber: 10, unit: "percent" }),
        indicator("N20-1", { measureNumber: 20, periodicity: "annual" }),
        indicator("N30-1", { measureNumber: 30, derivedKey: "organisations.association" }),
        indicator("62-2.5-1", { departmentCode: "62", sheetCode: "2.5", position: 1 }),
        indicator("59-1.1-1", { departmentCode: "59", sheetCode: "1.1" }),
      ]),
  ]);
});

describe("reading a quarter report", () => {
  it("lists the national and local indicators expected this quarter, with due date and ETag", async () => {
    const res = await api(NOV, "GET", Q3, { headers: prefecture.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"0"');
    const report = await res.json<Record<string, unknown> & { items: { indicator: string }[] }>();
    expect(report).toMatchObject({
      status: "draft",
      version: 0,
      dueDate: "2026-10-31",
      opensOn: "2026-10-01",
    });
    // Annual N20-1 is asked in Q4 only; 59's local indicator is not 62's.
    expect(report.items.map((i) => i.indicator).sort()).toEqual(["62-2.5-1", "N10-1", "N30-1", "N48-1"]);
  });

  it("computes derived indicators from the data Maillage holds (one association at the end of Q3)", async () => {
    const report = await (await api(NOV, "GET", Q3, { headers: prefecture.headers })).json<{
      items: { indicator: string; value: unknown; derived: boolean }[];
      completeness: number;
    }>();
    expect(report.items.find((i) => i.indicator === "N30-1")).toMatchObject({ derived: true, value: 1 });
    // Derived indicators count in neither term of completeness: nothing typed yet is 0 %, not 25 %.
    expect(report.completeness).toBe(0);
  });

  it("asks for annual indicators in Q4", async () => {
    const res = await api("2027-01-15T10:00:00Z", "GET", "/departments/62/periods/2026-Q4/report", {
      headers: prefecture.headers,
    });
    const report = await res.json<{ items: { indicator: string }[] }>();
    expect(report, JSON.stringify(report)).toHaveProperty("items");
    expect(report.items.map((i) => i.indicator)).toContain("N20-1");
  });

  it("rejects a malformed period with a pointer to it", async () => {
    const res = await api(NOV, "GET", "/departments/62/periods/2026-Q5/report", {
      headers: prefecture.headers,
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ in: "path", pointer: "/period" }] });
  });
});

describe("saving values", () => {
  it("requires If-Match (428) and refuses a stale one (412) without writing", async () => {
    const body = { values: [{ indicator: "N48-1", state: "value", value: 3 }] };
    const missing = await api(NOV, "PUT", `${Q3}/values`, { headers: prefecture.headers, body });
    expect(missing.status).toBe(428);
    const stale = await api(NOV, "PUT", `${Q3}/values`, {
      headers: { ...prefecture.headers, "if-match": '"7"' },
      body,
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: "precondition_failed" });
    const report = await (await api(NOV, "GET", Q3, { headers: prefecture.headers })).json<{
      version: number;
    }>();
    expect(report.version).toBe(0);
  });

  it("checks every value by unit and writes nothing when one is wrong", async () => {
    const res = await api(NOV, "PUT", `${Q3}/values`, {
      headers: { ...prefecture.headers, "if-match": '"0"' },
      body: {
        values: [
          { indicator: "N48-1", state: "value", value: 4 },
          { indicator: "N10-1", state: "value", value: 140 },
          { indicator: "NOPE", state: "value", value: 1 },
        ],
      },
    });
    expect(res.status).toBe(422);
    const problem = await res.json<{ errors: { pointer: string }[] }>();
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(["/values/1/value", "/values/2/indicator"]);
    const report = await (await api(NOV, "GET", Q3, { headers: prefecture.headers })).json<{
      version: number;
      items: { indicator: string; state: unknown }[];
    }>();
    expect(report.version).toBe(0);
    expect(report.items.find((i) => i.indicator === "N48-1")?.state).toBeNull();
  });

  it("saves many values at once, bumps the ETag, and keeps zero distinct from not available", async () => {
    const path = reportOf("2025-Q1");
    expect(await etagOf(path)).toBe('"0"');
    const res = await api(NOV, "PUT", `${path}/values`, {
      headers: { ...prefecture.headers, "if-match": '"0"' },
      body: {
        values: [
          { indicator: "N48-1", state: "value", value: 0, comment: "Aucune attribution ce trimestre" },
          { indicator: "N10-1", state: "not_available", value: null, comment: "Donnée CAF attendue" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    const report = await res.json<{
      items: { indicator: string; state: unknown; value: unknown; updatedBy: unknown }[];
    }>();
    expect(report.items.find((i) => i.indicator === "N48-1")).toMatchObject({
      state: "value",
      value: 0,
      updatedBy: prefecture.email,
    });
    expect(report.items.find((i) => i.indicator === "N10-1")).toMatchObject({
      state: "not_available",
      value: null,
    });
  });

  it("changes nothing when the same values are saved again", async () => {
    const path = reportOf("2025-Q2");
    const values = [
      { indicator: "N48-1", state: "value", value: 0, comment: "Aucune attribution ce trimestre" },
    ];
    const first = await save(path, values);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toBe('"1"');
    const res = await api(NOV, "PUT", `${path}/values`, {
      headers: { ...prefecture.headers, "if-match": etag },
      body: { values },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(etag);
  });

  it("lets a member enter only the indicators of their organisation", async () => {
    const path = reportOf("2025-Q3");
    await save(path, [{ indicator: "62-2.5-1", state: "value", value: 12 }], member);
    const other = await api(NOV, "PUT", `${path}/values`, {
      headers: { ...otherMember.headers, "if-match": await etagOf(path, otherMember) },
      body: { values: [{ indicator: "62-2.5-1", state: "value", value: 99 }] },
    });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({
      code: "not_responsible",
      errors: [{ pointer: "/values/0/indicator" }],
    });
  });

  it("refuses derived indicators and national writers", async () => {
    const derived = await api(NOV, "PUT", `${Q3}/values`, {
      headers: { ...prefecture.headers, "if-match": await etagOf(Q3) },
      body: { values: [{ indicator: "N30-1", state: "value", value: 5 }] },
    });
    expect(derived.status).toBe(409);
    expect(await derived.json()).toMatchObject({ code: "derived_indicator" });
    const nat = await api(NOV, "PUT", `${Q3}/values`, {
      headers: { ...national.headers, "if-match": await etagOf(Q3, national) },
      body: { values: [{ indicator: "N48-1", state: "value", value: 5 }] },
    });
    expect(nat.status).toBe(403);
  });

  it("refuses values for a quarter that has not ended, saying when it opens", async () => {
    const res = await api(NOV, "PUT", "/departments/62/periods/2026-Q4/report/values", {
      headers: { ...prefecture.headers, "if-match": '"0"' },
      body: { values: [{ indicator: "N48-1", state: "value", value: 1 }] },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      code: "period_not_open",
      detail: expect.stringContaining("2027-01-01"),
      lock: { reason: "period_not_open" },
    });
  });

  it("keeps every change of a value in its history, newest first", async () => {
    const path = reportOf("2024-Q4");
    await save(path, [{ indicator: "N48-1", state: "value", value: 0 }]);
    await save(path, [{ indicator: "N48-1", state: "value", value: 2 }]);
    const res = await api(NOV, "GET", `${path}/values/N48-1/history`, { headers: national.headers });
    const history = await res.json<{ items: { value: unknown; changedBy: string }[] }>();
    expect(history.items.map((i) => i.value)).toEqual([2, 0]);
    expect(history.items[0]?.changedBy).toBe(prefecture.email);
  });
});

describe("the validation workflow", () => {
  it("refuses to submit while indicators have no answer, naming them", async () => {
    const res = await api(NOV, "POST", "/departments/62/periods/2026-Q1/report/submit", {
      headers: prefecture.headers,
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "report_incomplete",
      missing: ["N10-1", "N48-1", "62-2.5-1"],
    });
  });

  it("submits, validates (locking) and reopens with a reason", async () => {
    const path = reportOf("2024-Q3");
    await save(path, [{ indicator: "62-2.5-1", state: "value", value: 12 }], member);
    await save(path, [
      { indicator: "N48-1", state: "value", value: 0 },
      { indicator: "N10-1", state: "value", value: 37.5, comment: "Chiffre CAF reçu" },
    ]);
    const memberSubmit = await api(NOV, "POST", `${path}/submit`, { headers: member.headers });
    expect(memberSubmit.status).toBe(403);

    const submitted = await api(NOV, "POST", `${path}/submit`, { headers: prefecture.headers });
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ status: "submitted", onTime: false, completeness: 1 });

    const memberEdit = await api(NOV, "PUT", `${path}/values`, {
      headers: { ...member.headers, "if-match": await etagOf(path, member) },
      body: { values: [{ indicator: "62-2.5-1", state: "value", value: 13 }] },
    });
    expect(memberEdit.status).toBe(409);
    expect(await memberEdit.json()).toMatchObject({ code: "report_submitted" });
    const memberView = await api(NOV, "GET", path, { headers: member.headers });
    expect(await memberView.json()).toMatchObject({ lock: { reason: "submitted", byRole: "prefecture" } });

    const validated = await api(NOV, "POST", `${path}/validate`, { headers: prefecture.headers });
    expect(await validated.json()).toMatchObject({ status: "validated", lock: { reason: "validated" } });

    const locked = await api(NOV, "PUT", `${path}/values`, {
      headers: { ...prefecture.headers, "if-match": await etagOf(path) },
      body: { values: [{ indicator: "N48-1", state: "value", value: 9 }] },
    });
    expect(locked.status).toBe(409);
    expect(await locked.json()).toMatchObject({
      code: "report_validated",
      detail: expect.stringContaining("2026-11-10"),
      lock: { reason: "validated", byRole: "prefecture" },
    });

    const noReason = await api(NOV, "POST", `${path}/reopen`, {
      headers: prefecture.headers,
      body: { reason: "" },
    });
    expect(noReason.status).toBe(422);
    expect(await noReason.json()).toMatchObject({ errors: [{ pointer: "/reason" }] });

    const reopened = await api(NOV, "POST", `${path}/reopen`, {
      headers: prefecture.headers,
      body: { reason: "Erreur sur le nombre de TGD" },
    });
    expect(await reopened.json()).toMatchObject({
      status: "draft",
      reopenReason: "Erreur sur le nombre de TGD",
    });
  });

  it("flags a report submitted by its due date as on time", async () => {
    await api("2026-07-15T10:00:00Z", "PUT", "/departments/62/periods/2026-Q2/report/values", {
      headers: { ...prefecture.headers, "if-match": '"0"' },
      body: {
        values: [
          { indicator: "N48-1", state: "value", value: 1 },
          { indicator: "N10-1", state: "value", value: 50 },
          { indicator: "62-2.5-1", state: "not_applicable", comment: "Fiche lancée en 2026-Q3" },
        ],
      },
    });
    const res = await api("2026-07-20T10:00:00Z", "POST", "/departments/62/periods/2026-Q2/report/submit", {
      headers: prefecture.headers,
    });
    expect(await res.json()).toMatchObject({ status: "submitted", onTime: true });
    const q3 = await (await api(NOV, "GET", Q3, { headers: prefecture.headers })).json<{
      items: { indicator: string; previousValue: unknown }[];
    }>();
    expect(q3.items.find((i) => i.indicator === "N48-1")?.previousValue).toBe(1);
  });
});

it("the association member sees which indicators they may edit", async () => {
  const report = await (await api(NOV, "GET", Q3, { headers: member.headers })).json<{
    items: { indicator: string; editable: boolean; responsibleOrganisationId: string | null }[];
  }>();
  expect(report.items.find((i) => i.indicator === "62-2.5-1")).toMatchObject({
    responsibleOrganisationId: assoId,
  });
  expect(report.items.find((i) => i.indicator === "N48-1")?.editable).toBe(false);
});

describe("the list of quarters", () => {
  it("summarises the quarter in progress and the eight before it, most recent first", async () => {
    const res = await api(NOV, "GET", "/departments/62/reports", { headers: member.headers });
    expect(res.status).toBe(200);
    const { items } = await res.json<{ items: Record<string, unknown>[] }>();
    expect(items.map((i) => i.period)).toEqual([
      "2026-Q4",
      "2026-Q3",
      "2026-Q2",
      "2026-Q1",
      "2025-Q4",
      "2025-Q3",
      "2025-Q2",
      "2025-Q1",
      "2024-Q4",
    ]);
    expect(items[0]).toMatchObject({ open: false, opensOn: "2027-01-01" });
    expect(items[3]).toMatchObject({ period: "2026-Q1", status: "draft", started: false, onTime: false });
  });

  it("gives the same completeness and status as the report itself", async () => {
    const { items } = await (
      await api(NOV, "GET", "/departments/62/reports?from=2026-Q2&to=2026-Q3", {
        headers: prefecture.headers,
      })
    ).json<{ items: { period: string; completeness: number; status: string; onTime: unknown }[] }>();
    expect(items.map((i) => i.period)).toEqual(["2026-Q3", "2026-Q2"]);
    for (const summary of items) {
      const report = await (
        await api(NOV, "GET", `/departments/62/periods/${summary.period}/report`, {
          headers: prefecture.headers,
        })
      ).json<{ completeness: number; status: string; onTime: unknown }>();
      expect(summary).toMatchObject({
        completeness: report.completeness,
        status: report.status,
        onTime: report.onTime,
      });
    }
  });

  it("names the first quarter with a report, so every past quarter is reached page by page", async () => {
    await db().insert(reports).values({
      departmentCode: "62",
      period: "2019-Q2",
      status: "validated",
      createdAt: NOV,
      updatedAt: NOV,
    });
    const first = await (await api(NOV, "GET", "/departments/62/reports", { headers: member.headers })).json<{
      items: { period: string }[];
      earliest: string | null;
    }>();
    expect(first.earliest).toBe("2019-Q2");
    // The page before the first one: nine more quarters ending the quarter before it.
    const older = await (
      await api(NOV, "GET", "/departments/62/reports?to=2024-Q3", { headers: member.headers })
    ).json<{ items: { period: string; status: string }[] }>();
    expect(older.items.map((i) => i.period)).toEqual([
      "2024-Q3",
      "2024-Q2",
      "2024-Q1",
      "2023-Q4",
      "2023-Q3",
      "2023-Q2",
      "2023-Q1",
      "2022-Q4",
      "2022-Q3",
    ]);
    const last = await (
      await api(NOV, "GET", "/departments/62/reports?to=2020-Q1", { headers: member.headers })
    ).json<{ items: { period: string; status: string }[] }>();
    expect(last.items.find((i) => i.period === "2019-Q2")?.status).toBe("validated");
    // Another département's list says nothing of 62's history.
    await department("59");
    const other = await api(NOV, "GET", "/departments/59/reports", { headers: national.headers });
    expect(other.status).toBe(200);
    expect((await other.json<{ earliest: string | null }>()).earliest).toBeNull();
  });

  it("refuses a range of more than 40 quarters", async () => {
    const res = await api(NOV, "GET", "/departments/62/reports?from=2010-Q1&to=2026-Q3", {
      headers: prefecture.headers,
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ in: "query", pointer: "/from" }] });
  });
});
