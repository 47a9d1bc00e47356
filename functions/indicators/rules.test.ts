import { describe, expect, it } from "vitest";
import { ActionSheetUpdateSchema, PLAN_CODE } from "../../shared/catalogue";
import { derivedProvider, derivedRegistry } from "../platform/derived";
import {
  checkDerived,
  departmentAccess,
  type IndicatorState,
  likePrefix,
  localPrefix,
  nationalPrefix,
  nextCode,
  planUpdate,
  sheetChanges,
} from "./rules";

describe("code numbering", () => {
  it("starts at 1 under an empty prefix", () => {
    expect(nextCode(nationalPrefix(48), [])).toBe("N48-1");
    expect(nextCode(localPrefix("62", "2.5"), [])).toBe("62-2.5-1");
  });

  it("follows the largest number ever used, so a deleted or retired code is never reused", () => {
    expect(nextCode("N48-", ["N48-1", "N48-3"])).toBe("N48-4");
  });

  it("ignores codes of other measures and sheets that share the first characters", () => {
    expect(nextCode("N4-", ["N48-7", "N4-2", "N40-9"])).toBe("N4-3");
    expect(nextCode("62-2.5-", ["62-2.5-2", "62-2.50-9", "62-2.5-x"])).toBe("62-2.5-3");
  });

  it("numbers numerically, not alphabetically", () => {
    expect(nextCode("N1-", ["N1-9", "N1-10", "N1-2"])).toBe("N1-11");
  });

  it("escapes LIKE wildcards of a prefix", () => {
    expect(likePrefix("62-2.5-")).toBe("62-2.5-%");
    expect(likePrefix("a_b%")).toBe("a\\_b\\%%");
  });
});

describe("plan codes", () => {
  it("accept plan numbering and refuse the separator of indicator codes", () => {
    for (const ok of ["1", "2.5", "4.10", "A.1", "1.2.3"]) expect(PLAN_CODE.test(ok)).toBe(true);
    for (const bad of ["", "2-5", "2.", ".2", "2 5", "%", "1.2.3.4", "abcde"])
      expect(PLAN_CODE.test(bad)).toBe(false);
  });
});

describe("what a département route may do with an indicator", () => {
  it("manages its own, answers national ones, and does not see another département's", () => {
    expect(departmentAccess({ departmentCode: "62" }, "62")).toBe("own");
    expect(departmentAccess({ departmentCode: null }, "62")).toBe("national");
    expect(departmentAccess({ departmentCode: "59" }, "62")).toBe("missing");
    expect(departmentAccess(null, "62")).toBe("missing");
  });
});

const current: IndicatorState = {
  label: "Téléphones grave danger attribués",
  unit: "count",
  periodicity: "quarterly",
  target: null,
  derivedKey: null,
  retiredAt: null,
};

describe("which changes an indicator accepts", () => {
  it("a new label is a revision", () => {
    const plan = planUpdate(current, { label: "TGD attribués" }, true);
    expect(plan).toEqual({ ok: true, fields: { label: "TGD attribués" }, revised: true, unitChanged: false });
  });

  it("a new target is a revision, and null removes it", () => {
    expect(planUpdate(current, { target: 12 }, true)).toMatchObject({
      fields: { target: 12 },
      revised: true,
    });
    expect(planUpdate({ ...current, target: 12 }, { target: null }, true)).toMatchObject({
      fields: { target: null },
      revised: true,
    });
  });

  it("the periodicity of an indicator with values is frozen (past reports must not change)", () => {
    expect(planUpdate(current, { periodicity: "annual" }, true)).toMatchObject({
      ok: false,
      status: 409,
      code: "periodicity_locked",
      errors: [{ pointer: "/periodicity" }],
    });
  });

  it("a periodicity change alone is not a label revision", () => {
    expect(planUpdate(current, { periodicity: "annual" }, false)).toEqual({
      ok: true,
      fields: { periodicity: "annual" },
      revised: false,
      unitChanged: false,
    });
  });

  it("sending the current values changes nothing", () => {
    expect(planUpdate(current, { ...current, target: null }, true)).toEqual({
      ok: true,
      fields: {},
      revised: false,
      unitChanged: false,
    });
  });

  it("the unit may change while no value was ever stored", () => {
    expect(planUpdate(current, { unit: "percent" }, false)).toMatchObject({
      ok: true,
      fields: { unit: "percent" },
      unitChanged: true,
    });
  });

  it("the unit is frozen once values exist: 409 pointing at /unit", () => {
    const plan = planUpdate(current, { unit: "percent" }, true);
    expect(plan).toMatchObject({ ok: false, status: 409, code: "unit_locked" });
    expect(plan.ok ? [] : plan.errors).toEqual([expect.objectContaining({ pointer: "/unit" })]);
  });

  it("a derived indicator keeps its computation's unit", () => {
    const plan = planUpdate({ ...current, derivedKey: "organisations.total" }, { unit: "percent" }, false);
    expect(plan).toMatchObject({ ok: false, code: "unit_locked" });
  });

  it("a retired indicator is frozen", () => {
    expect(
      planUpdate({ ...current, retiredAt: "2026-10-01T00:00:00Z" }, { label: "X y z" }, false),
    ).toMatchObject({ ok: false, code: "indicator_retired" });
  });
});

describe("derived indicators", () => {
  const registry = derivedRegistry([
    derivedProvider({
      definitions: [{ key: "organisations.total", label: "Total", unit: "count", description: "" }],
      query: () => {
        throw new Error("not read here");
      },
      values: () => () => 0,
    }),
  ]);
  it("must name a registered computation with the same unit", () => {
    expect(checkDerived(registry, null, "count")).toEqual([]);
    expect(checkDerived(registry, "organisations.total", "count")).toEqual([]);
    expect(checkDerived(registry, "organisations.total", "percent")).toEqual([
      expect.objectContaining({ pointer: "/unit" }),
    ]);
    expect(checkDerived(registry, "nothing.here", "count")).toEqual([
      expect.objectContaining({ pointer: "/derivedKey" }),
    ]);
  });
});

describe("action sheet updates", () => {
  it("keep only the fields that change; absent fields stay, empty text clears", () => {
    const input = ActionSheetUpdateSchema.parse({ title: "Même titre", partners: "", pilot: "DDETS" });
    expect(input).not.toHaveProperty("means");
    const stored: Record<string, string | null> = {
      title: "Même titre",
      partners: "CAF",
      pilot: null,
      means: "Budget",
    };
    expect(sheetChanges(stored, input)).toEqual({ partners: null, pilot: "DDETS" });
  });
});
