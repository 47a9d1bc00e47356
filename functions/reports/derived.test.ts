import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, department, type TestUser, user } from "../../test/factories";
import { createApp } from "../app";
import { departments } from "../departments/schema";
import { indicators } from "../indicators/schema";
import { fixedClock } from "../platform/clock";
import type { Db } from "../platform/db";
import { type DerivedScope, derivedProvider, derivedRegistry } from "../platform/derived";
import { derivedReads } from "./derived";

/**
 * Reports know no derived indicator: they ask the registry they are given. A provider declared
 * here, in a test, shows in a report view exactly like the organisations' ones.
 */
let calls = 0;
const nameLength = derivedProvider({
  definitions: [{ key: "test.name_length", label: "Longueur du nom", unit: "count", description: "test" }],
  query: (d: Db, scope: DerivedScope) => {
    calls++;
    return d
      .select({ code: departments.code, length: sql<number>`length(${departments.name})` })
      .from(departments)
      .where(
        scope.departmentCodes === "all"
          ? undefined
          : sql`${departments.code} in (select value from json_each(${JSON.stringify(scope.departmentCodes)}))`,
      );
  },
  values: (rows: { code: string; length: number }[]) => (code) =>
    rows.find((r) => r.code === code)?.length ?? 0,
});
const broken = derivedProvider({
  definitions: [{ key: "test.broken", label: "Faux", unit: "count", description: "test" }],
  query: (d: Db) => d.select({ n: sql<number>`-1` }).from(departments).limit(1),
  values: () => () => -1,
});

const app = createApp({ clock: fixedClock("2026-11-10T10:00:00Z"), derived: [nameLength] }).app;
const get = (path: string, headers: Record<string, string>) =>
  app.fetch(new Request(`https://maillage.test/api/v1${path}`, { headers }), env, createExecutionContext());

let prefecture: TestUser;

beforeAll(async () => {
  await department("62");
  prefecture = await user("prefecture", "62");
  await db().insert(indicators).values({
    code: "N99-1",
    measureNumber: 99,
    label: "Longueur du nom du département",
    unit: "count",
    periodicity: "quarterly",
    derivedKey: "test.name_length",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  });
});

describe("derived indicators through the registry", () => {
  it("a provider registered in a test appears in the report view, read once per report", async () => {
    calls = 0;
    const res = await get("/departments/62/periods/2026-Q3/report", prefecture.headers);
    expect(res.status).toBe(200);
    const report = await res.json<{ items: { indicator: string; derived: boolean; value: unknown }[] }>();
    expect(report.items.find((i) => i.indicator === "N99-1")).toMatchObject({ derived: true, value: 13 });
    expect(calls).toBe(1);
  });

  it("a computed value that breaks its unit is refused, never shown", async () => {
    const reads = derivedReads(derivedRegistry([broken]), db(), {
      departmentCodes: ["62"],
      periods: ["2026-Q3"],
    });
    const value = reads.values(await Promise.all(reads.statements));
    expect(() => value("62", "2026-Q3", "test.broken")).toThrow(/invalid count/);
  });
});
