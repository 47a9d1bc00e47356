import { beforeAll, describe, expect, it } from "vitest";
import { range } from "../../shared/periods";
import { db, department, organisation } from "../../test/factories";
import { derivedRegistry } from "../platform/derived";
import { COUNTED_ORGANISATION_KINDS, organisationsDerived } from "./derived";

const registry = derivedRegistry([organisationsDerived]);
const PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"];

/** Reads the provider over a scope and returns its lookup, asserting it took one statement. */
async function read(departmentCodes: string[] | "all", periods = PERIODS) {
  const reads = registry.read(db(), { departmentCodes, periods });
  expect(reads.statements).toHaveLength(1);
  return reads.values(await Promise.all(reads.statements));
}

beforeAll(async () => {
  await department("62");
  await department("59");
  const org = (kind: string, createdAt: string, archivedAt: string | null = null, code = "62") =>
    organisation(code, { kind, createdAt, archivedAt, rna: null, siret: null });
  await org("association", "2026-01-10T09:00:00.000Z");
  await org("association", "2026-09-30T23:59:00.000Z"); // created on Q3's last day: counted at its end
  await org("association", "2026-10-01T00:00:00.000Z"); // the day after: Q4 only
  await org("association", "2025-01-01T00:00:00.000Z", "2026-09-30T08:00:00.000Z"); // archived on Q3's last day
  await org("association", "2025-06-01T00:00:00.000Z", "2026-10-01T08:00:00.000Z"); // archived the day after
  await org("association", "2026-12-31T23:00:00.000Z"); // Q4's last day
  await org("commune", "2026-04-01T00:00:00.000Z");
  await org("other", "2026-02-01T00:00:00.000Z");
  await org("health", "2026-03-31T12:00:00.000Z", null, "59");
});

describe("organisations' derived indicators", () => {
  it("declares the total and one per kind except other", () => {
    expect(registry.definitions().map((d) => d.key)).toEqual([
      "organisations.total",
      ...COUNTED_ORGANISATION_KINDS.map((k) => `organisations.${k}`),
    ]);
    expect(registry.definition("organisations.other")).toBeUndefined();
    expect(registry.definition("organisations.association")).toMatchObject({ unit: "count" });
  });

  it("counts the organisations existing on the quarter's last day, by kind, at the boundaries", async () => {
    const value = await read("all");
    const series = (code: string, key: string) => PERIODS.map((p) => value(code, p, `organisations.${key}`));
    expect(series("62", "association")).toEqual([3, 3, 3, 4]);
    expect(series("62", "commune")).toEqual([0, 1, 1, 1]);
    // "other" is only in the total.
    expect(series("62", "total")).toEqual([4, 5, 5, 6]);
    expect(series("62", "health")).toEqual([0, 0, 0, 0]);
    expect(series("59", "health")).toEqual([1, 1, 1, 1]);
    expect(series("59", "total")).toEqual([1, 1, 1, 1]);
    // At Q3's end: the one created on 30 September and the one archived on 1 October count, the one
    // archived on 30 September and the one created on 1 October do not (nor in Q2 alone).
    const q3 = await read(["62"], ["2026-Q3"]);
    expect(q3("62", "2026-Q3", "organisations.association")).toBe(3);
    const q2 = await read(["62"], ["2026-Q2"]);
    expect(q2("62", "2026-Q2", "organisations.association")).toBe(3);
  });

  it("reads only the départements asked for", async () => {
    const value = await read(["59"]);
    expect(value("59", "2026-Q1", "organisations.total")).toBe(1);
    expect(value("62", "2026-Q1", "organisations.total")).toBe(0);
  });

  it("covers 101 départements × 40 quarters in one statement", async () => {
    const codes = Array.from({ length: 101 }, (_, i) => String(i + 1).padStart(2, "0"));
    codes[58] = "2A"; // not 59
    codes[61] = "62";
    const value = await read(codes, range("2017-Q1", "2026-Q4"));
    expect(value("62", "2025-Q4", "organisations.association")).toBe(2);
    expect(value("62", "2026-Q4", "organisations.total")).toBe(6);
    expect(value("59", "2026-Q4", "organisations.total")).toBe(0); // 59 was not asked for
  });
});
