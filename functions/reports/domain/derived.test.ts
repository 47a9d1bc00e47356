import { describe, expect, it } from "vitest";
import type { OrganisationKind } from "../../../shared/organisation";
import {
  COUNTED_ORGANISATION_KINDS,
  computeAllDerived,
  computeDerived,
  type DerivedContext,
  derivedDefinition,
  derivedKeys,
  registerDerived,
} from "./derived";

/** A fake context over an in-memory list, with the same rule the D1 implementation must follow. */
function fakeContext(
  orgs: { kind: OrganisationKind; createdOn: string; archivedOn?: string }[],
): DerivedContext {
  const periodEnd = "2026-09-30";
  return {
    departmentCode: "62",
    period: "2026-Q3",
    periodStart: "2026-07-01",
    periodEnd,
    countOrganisations: async (kind) =>
      orgs.filter(
        (o) =>
          (!kind || o.kind === kind) &&
          o.createdOn <= periodEnd &&
          !(o.archivedOn && o.archivedOn <= periodEnd),
      ).length,
  };
}

const ctx = fakeContext([
  { kind: "association", createdOn: "2026-01-10" },
  { kind: "association", createdOn: "2026-09-30" },
  { kind: "association", createdOn: "2026-10-01" }, // after the quarter
  { kind: "association", createdOn: "2025-01-01", archivedOn: "2026-08-01" }, // archived during it
  { kind: "commune", createdOn: "2026-02-01" },
  { kind: "other", createdOn: "2026-02-01" },
]);

describe("derived indicators", () => {
  it("counts organisations by kind at the end of the quarter", async () => {
    expect(await computeDerived("organisations.association", ctx)).toBe(2);
    expect(await computeDerived("organisations.commune", ctx)).toBe(1);
    expect(await computeDerived("organisations.health", ctx)).toBe(0);
    expect(await computeDerived("organisations.total", ctx)).toBe(4);
  });

  it("registers one per kind except other, plus the total", () => {
    expect(derivedKeys()).toEqual([
      "organisations.total",
      ...COUNTED_ORGANISATION_KINDS.map((k) => `organisations.${k}`),
    ]);
    expect(derivedDefinition("organisations.other")).toBeUndefined();
    expect(derivedDefinition("organisations.association")).toMatchObject({ unit: "count" });
  });

  it("computes several at once", async () => {
    const all = await computeAllDerived(["organisations.total", "organisations.association"], ctx);
    expect(Object.fromEntries(all)).toEqual({ "organisations.total": 4, "organisations.association": 2 });
  });

  it("adding one is a single registration", async () => {
    registerDerived("test.constant_seven", {
      label: "Sept",
      unit: "count",
      description: "test",
      compute: () => 7,
    });
    expect(await computeDerived("test.constant_seven", ctx)).toBe(7);
  });

  it("refuses duplicate keys, unknown keys and values that break the unit", async () => {
    expect(() =>
      registerDerived("organisations.total", {
        label: "x",
        unit: "count",
        description: "",
        compute: () => 0,
      }),
    ).toThrow(/twice/);
    await expect(computeDerived("nope", ctx)).rejects.toThrow(/unknown/);
    registerDerived("test.broken", { label: "x", unit: "count", description: "", compute: () => -1 });
    await expect(computeDerived("test.broken", ctx)).rejects.toThrow(/invalid count/);
  });
});
