import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { db, department, indicator, organisation, type TestUser, user } from "../../test/factories";
import { createApp } from "../app";
import { indicators } from "../indicators/schema";
import { fixedClock } from "../platform/clock";
import { fromJsonRows, type JsonRowsText } from "../platform/db";
import { reports, reportValues } from "../reports/schema";

/** The Worker with or without the benchmark's switch (scripts/bench.ts sets BENCH_FLOOR=1). */
async function fetchWith(vars: Record<string, string>, path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const { app } = createApp({ clock: fixedClock("2026-11-10T10:00:00Z") });
  const res = await app.fetch(
    new Request(`https://maillage.test/api/v1${path}`, { headers }),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}
const bench = (path: string, headers?: Record<string, string>) =>
  fetchWith({ BENCH_FLOOR: "1" }, path, headers);

const PATHS = [
  "/dev/bench-floor/national/reports?period=2026-Q3",
  "/dev/bench-floor/national/reports/statements?period=2026-Q3",
  "/dev/bench-floor/national/indicators/N48-1?from=2026-Q2&to=2026-Q3",
  "/dev/bench-floor/national/indicators/N48-1/statements?from=2026-Q2&to=2026-Q3",
];

let national: TestUser;
let prefecture: TestUser;
const stamp = "2026-10-20T09:00:00Z";

beforeAll(async () => {
  for (const code of ["59", "62"]) await department(code);
  await organisation("62", { kind: "association", createdAt: "2026-01-01T00:00:00Z" });
  national = await user("national");
  prefecture = await user("prefecture", "62");
  await db().batch([
    db()
      .insert(indicators)
      .values([
        indicator("N48-1", { createdAt: stamp, updatedAt: stamp }),
        indicator("N30-1", { createdAt: stamp, updatedAt: stamp, derivedKey: "organisations.association" }),
      ]),
    db()
      .insert(reportValues)
      .values([
        {
          departmentCode: "62",
          period: "2026-Q3",
          indicatorCode: "N48-1",
          state: "value",
          value: 3,
          updatedAt: stamp,
        },
        {
          departmentCode: "59",
          period: "2026-Q2",
          indicatorCode: "N48-1",
          state: "value",
          value: 5,
          updatedAt: stamp,
        },
      ]),
    db().insert(reports).values({
      departmentCode: "62",
      period: "2026-Q3",
      status: "submitted",
      submittedAt: "2026-10-25T10:00:00Z",
      firstSubmittedAt: "2026-10-25T10:00:00Z",
      createdAt: stamp,
      updatedAt: stamp,
    }),
  ]);
});

describe("the benchmark's in-stack floor", () => {
  it("does not exist without BENCH_FLOOR=1, whoever asks", async () => {
    for (const path of PATHS) {
      for (const vars of [{}, { BENCH_FLOOR: "0" }, { D1_STATS: "1" }] as Record<string, string>[]) {
        const res = await fetchWith(vars, path, national.headers);
        expect(res.status, `${path} ${JSON.stringify(vars)}`).toBe(404);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
    }
    const doc = await (await bench("/openapi.json")).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((p) => p.includes("bench"))).toEqual([]);
  });

  it("refuses callers without the national role", async () => {
    for (const path of PATHS) {
      expect((await bench(path)).status, path).toBe(401);
      const res = await bench(path, prefecture.headers);
      expect(res.status, path).toBe(403);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("answers the national view's four reads as D1 gives them, in one round trip", async () => {
    const res = await fetchWith({ BENCH_FLOOR: "1", D1_STATS: "1" }, PATHS[0] as string, national.headers);
    expect(res.status).toBe(200);
    // Each read is one row holding its rows as one JSON array (asJsonRows), as the route reads them.
    const [departments, active, ofPeriod, answered] = (
      await res.json<{ rows: JsonRowsText<Record<string, unknown>> }[][]>()
    ).map((rows) => fromJsonRows(rows));
    expect(departments?.map((d) => d.code)).toEqual(["59", "62"]);
    expect(active?.map((r) => Object.values(r))).toEqual([[null, "quarterly", 2, 1]]);
    expect(ofPeriod?.map((r) => [r.departmentCode, r.status])).toEqual([["62", "submitted"]]);
    expect(answered?.map((r) => Object.values(r))).toEqual([["62", "2026-Q3", 1, 0]]);
    // The session's round trip (its user and memberships: two statements), then one batch of the four.
    expect(res.headers.get("x-d1-round-trips")).toBe("2");
    expect(res.headers.get("x-d1-statements")).toBe("6");
  });

  it("runs the statements the route runs, and reads the series as the route does", async () => {
    const statements = await (await bench(PATHS[1] as string, national.headers)).json<
      { sql: string; params: unknown[] }[]
    >();
    expect(statements).toHaveLength(4);
    expect(statements[2]).toMatchObject({
      sql: expect.stringContaining(`from "reports"`),
      params: ["2026-Q3"],
    });
    const series = await (await bench(PATHS[3] as string, national.headers)).json<
      { sql: string; params: unknown[] }[]
    >();
    expect(series.map((s) => s.params)).toEqual([["N48-1"], [], ["N48-1", "2026-Q2", "2026-Q3"], []]);

    const rows = await (await bench(PATHS[2] as string, national.headers)).json<
      Record<string, unknown>[][]
    >();
    expect(rows).toHaveLength(4);
    expect(rows[0]?.[0]).toMatchObject({ code: "N48-1", derived_key: null });
    const values = JSON.parse(Object.values(rows[2]?.[0] ?? {})[0] as string);
    expect(values).toEqual(
      expect.arrayContaining([
        ["62", "2026-Q3", "value", 3],
        ["59", "2026-Q2", "value", 5],
      ]),
    );
  });

  it("adds a derived indicator's provider statement, as the route does", async () => {
    const res = await fetchWith(
      { BENCH_FLOOR: "1", D1_STATS: "1" },
      "/dev/bench-floor/national/indicators/N30-1?from=2026-Q2&to=2026-Q3",
      national.headers,
    );
    expect(res.status).toBe(200);
    expect(await res.json<unknown[][]>()).toHaveLength(5);
    expect(res.headers.get("x-d1-round-trips")).toBe("3");
  });

  it("refuses a bad quarter with the field at fault", async () => {
    const res = await bench("/dev/bench-floor/national/reports?period=2026-Q5", national.headers);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ in: "query", pointer: "/period" }] });
  });
});
