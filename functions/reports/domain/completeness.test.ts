import { describe, expect, it } from "vitest";
import { aggregate, missingIndicators, onTime } from "./completeness";

describe("missing indicators", () => {
  const expected = ["N48-1", "N40-1", "N47-1", "62-2.5-1"];

  it("counts value, not applicable and not available as answered, missing as not", () => {
    const answers = [
      { indicator: "N48-1", state: "value" as const },
      { indicator: "N40-1", state: "not_applicable" as const },
      { indicator: "N47-1", state: null },
      { indicator: "ANNUAL-ONLY", state: "value" as const }, // not expected this quarter: ignored
    ];
    expect(missingIndicators(expected, answers)).toEqual(["N47-1", "62-2.5-1"]);
  });

  it("misses nothing when every expected indicator has an answer", () => {
    const all = expected.map((indicator) => ({ indicator, state: "not_available" as const }));
    expect(missingIndicators(expected, all)).toEqual([]);
  });
});

describe("on time", () => {
  const due = "2026-10-31";
  it("submitted on or before the due date (French day) is on time", () => {
    expect(onTime(due, "2026-10-31T22:59:00.000Z", "2026-12-01")).toBe(true); // 23:59 in Paris
    expect(onTime(due, "2026-10-31T23:01:00.000Z", "2026-12-01")).toBe(false); // 00:01 on 1 Nov in Paris
    expect(onTime(due, "2026-10-02T08:00:00.000Z", "2026-10-02")).toBe(true);
  });

  it("not submitted: undecided until the due date, late after", () => {
    expect(onTime(due, null, "2026-10-31")).toBeNull();
    expect(onTime(due, null, "2026-11-01")).toBe(false);
  });
});

describe("national aggregates", () => {
  it("sums and averages only the départements that report a figure", () => {
    const a = aggregate("count", [
      { departmentCode: "62", state: "value", value: 12 },
      { departmentCode: "59", state: "value", value: 30 },
      { departmentCode: "75", state: "value", value: 0 },
      { departmentCode: "13", state: "not_available", value: null },
      { departmentCode: "33", state: "not_applicable", value: null },
      { departmentCode: "69", state: null, value: null },
    ]);
    // 12 + 30 + 0 = 42 over 3 reporting départements → 14
    expect(a).toEqual({ count: 3, sum: 42, mean: 14, notApplicable: 1, notAvailable: 1, missing: 1 });
  });

  it("averages percents without summing them", () => {
    const a = aggregate("percent", [
      { departmentCode: "62", state: "value", value: 12.5 },
      { departmentCode: "59", state: "value", value: 40 },
      { departmentCode: "75", state: "value", value: 20.1 },
    ]);
    // (12.5 + 40 + 20.1) / 3 = 72.6 / 3 = 24.2
    expect(a).toMatchObject({ count: 3, sum: null, mean: 24.2 });
  });

  it("counts yes answers and their share", () => {
    const a = aggregate("yes_no", [
      { departmentCode: "62", state: "value", value: true },
      { departmentCode: "59", state: "value", value: false },
      { departmentCode: "75", state: "value", value: true },
      { departmentCode: "13", state: "value", value: true },
    ]);
    expect(a).toMatchObject({ count: 4, sum: 3, mean: 0.75 });
  });

  it("adds euros without float noise", () => {
    const a = aggregate("euros", [
      { departmentCode: "62", state: "value", value: 0.1 },
      { departmentCode: "59", state: "value", value: 0.2 },
    ]);
    expect(a).toMatchObject({ sum: 0.3, mean: 0.15 });
  });

  it("reports nothing to add for text and no mean when nobody reports", () => {
    expect(aggregate("text", [{ departmentCode: "62", state: "value", value: "Campagne" }])).toMatchObject({
      count: 1,
      sum: null,
      mean: null,
    });
    expect(aggregate("count", [])).toMatchObject({ count: 0, sum: null, mean: null });
  });
});
