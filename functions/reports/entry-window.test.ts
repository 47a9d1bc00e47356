import { beforeAll, describe, expect, it } from "vitest";
import {
  auditRowsOf,
  callAt,
  db,
  department,
  indicator,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { indicatorAssignments, indicators } from "../indicators/schema";
import { reportValues } from "./schema";

// The members' entry window: a département may close its organisations' entry N days after the
// quarter; the prefecture still enters what partners send it late.

const Q3 = "/departments/62/periods/2026-Q3/report";
const LAST_DAY = "2026-10-21T10:00:00Z"; // 2026-Q3 opens on 2026-10-01; 20 days → last day 10-21
const CLOSED = "2026-10-22T10:00:00Z";

const api = (iso: string, method: string, path: string, u: TestUser, body?: unknown) =>
  callAt(iso, method, `/api/v1${path}`, { headers: u.headers, body });

const settings = (u: TestUser, body: unknown) => api(CLOSED, "PATCH", "/departments/62/settings", u, body);

async function put(iso: string, u: TestUser, values: unknown[]) {
  const etag = (await api(iso, "GET", Q3, u)).headers.get("etag") ?? "";
  return callAt(iso, "PUT", `/api/v1${Q3}/values`, {
    headers: { ...u.headers, "if-match": etag },
    body: { values },
  });
}

type Report = {
  memberEntryUntil: string | null;
  lock: { reason: string; at: string | null; byRole: string | null } | null;
  items: { indicator: string; editable: boolean }[];
};

let prefecture: TestUser;
let member: TestUser;

beforeAll(async () => {
  await department("62");
  prefecture = await user("prefecture", "62");
  const asso = await organisation("62", { kind: "association" });
  member = await user("member", "62", asso.id);
  await db()
    .insert(indicators)
    .values([
      indicator("N13-1", { label: "Permanences associatives", measureNumber: 13 }),
      indicator("N48-1", { label: "Téléphones grave danger attribués", measureNumber: 48 }),
    ]);
  await db()
    .insert(indicatorAssignments)
    .values({ departmentCode: "62", indicatorCode: "N13-1", organisationId: asso.id });
});

describe("the entry window setting", () => {
  it("is off by default: members enter until the report is submitted", async () => {
    const report = await (await api(CLOSED, "GET", Q3, member)).json<Report>();
    expect(report.memberEntryUntil).toBeNull();
    expect(report.lock).toBeNull();
  });

  it("is set by the prefecture alone, without touching the due delay, and audited", async () => {
    for (const other of [member, await user("national"), await user("prefecture", "59")]) {
      expect((await settings(other, { memberEntryDays: 5 })).status).toBe(403);
    }
    const res = await settings(prefecture, { memberEntryDays: 20 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reportDueDays: 30, memberEntryDays: 20 });
    const audit = (await auditRowsOf("62")).filter((r) => r.action === "department.settings.updated");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { memberEntryDays: null }, after: { memberEntryDays: 20 } });
    // The same settings again change nothing and record nothing.
    expect((await settings(prefecture, { memberEntryDays: 20, reportDueDays: 30 })).status).toBe(200);
    expect((await auditRowsOf("62")).filter((r) => r.action === "department.settings.updated")).toHaveLength(
      1,
    );
  });

  it("refuses a window that is not a whole number of days between 1 and 120, naming the field", async () => {
    for (const memberEntryDays of [0, 121, 2.5, "20", true]) {
      const res = await settings(prefecture, { memberEntryDays });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await res.json<{ errors: { in: string; pointer: string; detail: string }[] }>();
      expect(problem.errors).toEqual([
        expect.objectContaining({
          in: "body",
          pointer: "/memberEntryDays",
          detail: expect.stringMatching(/fenêtre/),
        }),
      ]);
    }
    const dept = await (await api(CLOSED, "GET", "/departments/62", prefecture)).json<object>();
    expect(dept).toMatchObject({ reportDueDays: 30, memberEntryDays: 20 });
  });

  it("refuses an unknown setting (a typo is not a silent success) and an empty change", async () => {
    const typo = await settings(prefecture, { memberEntryDay: 5, reportDueDays: 30 });
    expect(typo.status).toBe(422);
    expect((await typo.json<{ errors: unknown[] }>()).errors).toEqual([
      expect.objectContaining({
        in: "body",
        pointer: "/memberEntryDay",
        detail: "Champ inconnu : « memberEntryDay ».",
      }),
    ]);
    const empty = await settings(prefecture, {});
    expect(empty.status).toBe(422);
    expect((await empty.json<{ errors: unknown[] }>()).errors).toEqual([
      expect.objectContaining({
        in: "body",
        pointer: "/",
        detail: expect.stringMatching(/au moins un réglage/),
      }),
    ]);
    expect((await auditRowsOf("62")).filter((r) => r.action === "department.settings.updated")).toHaveLength(
      1,
    );
  });
});

describe("a closed entry window", () => {
  it("lets a member enter on its last day, and says which day that is", async () => {
    const report = await (await api(LAST_DAY, "GET", Q3, member)).json<Report>();
    expect(report.memberEntryUntil).toBe("2026-10-21");
    expect(report.lock).toBeNull();
    const res = await put(LAST_DAY, member, [
      { indicator: "N13-1", state: "value", value: 3, comment: null },
    ]);
    expect(res.status).toBe(200);
  });

  it("refuses a member the day after, saying why, and writes nothing", async () => {
    const before = await db().select().from(reportValues);
    const res = await put(CLOSED, member, [{ indicator: "N13-1", state: "value", value: 4, comment: null }]);
    expect(res.status).toBe(409);
    const problem = await res.json<{ code: string; detail: string; lock: unknown }>();
    expect(problem.code).toBe("window_closed");
    expect(problem.lock).toEqual({ reason: "window_closed", at: "2026-10-22", byRole: "prefecture" });
    expect(problem.detail).toBe(
      "La saisie des organisations pour le rapport 2026-Q3 est close depuis le 2026-10-22 (dernier jour : 2026-10-21) : transmettez vos chiffres à la préfecture, qui peut encore les saisir.",
    );
    expect(await db().select().from(reportValues)).toEqual(before);
  });

  it("shows the member a locked report, and refuses their import too", async () => {
    const report = await (await api(CLOSED, "GET", Q3, member)).json<Report>();
    expect(report.lock).toEqual({ reason: "window_closed", at: "2026-10-22", byRole: "prefecture" });
    expect(report.items.every((i) => !i.editable)).toBe(true);
    const form = new FormData();
    form.append("file", new File(["indicateur;valeur\nN13-1;9\n"], "rapport.csv"));
    const res = await callAt(CLOSED, "POST", `/api/v1${Q3}/import`, {
      headers: {
        ...member.headers,
        "if-match": (await api(CLOSED, "GET", Q3, member)).headers.get("etag") ?? "",
      },
      body: form,
    });
    expect(res.status).toBe(409);
    expect((await res.json<{ code: string }>()).code).toBe("window_closed");
  });

  it("is no lock for national users, who read every report and write none", async () => {
    const report = await (await api(CLOSED, "GET", Q3, await user("national"))).json<Report>();
    expect(report.lock).toBeNull();
  });

  it("leaves the prefecture free to enter late figures and submit", async () => {
    const report = await (await api(CLOSED, "GET", Q3, prefecture)).json<Report>();
    expect(report.lock).toBeNull();
    expect(report.items.every((i) => i.editable)).toBe(true);
    const res = await put(CLOSED, prefecture, [
      { indicator: "N13-1", state: "value", value: 4, comment: "Chiffre transmis par courriel" },
      { indicator: "N48-1", state: "value", value: 12, comment: null },
    ]);
    expect(res.status).toBe(200);
  });

  it("opens again for members when the prefecture removes the window", async () => {
    expect((await settings(prefecture, { memberEntryDays: null })).status).toBe(200);
    const report = await (await api(CLOSED, "GET", Q3, member)).json<Report>();
    expect(report).toMatchObject({ memberEntryUntil: null, lock: null });
    const res = await put(CLOSED, member, [{ indicator: "N13-1", state: "value", value: 5, comment: null }]);
    expect(res.status).toBe(200);
  });
});
