import { describe, expect, it } from "vitest";
import { completenessOf, meanCompleteness } from "./completeness";

describe("completeness", () => {
  const open = { period: "2026-Q3", today: "2026-10-05" };

  it("is typed answered over typed expected", () => {
    expect(completenessOf({ ...open, expected: 4, answered: 1 })).toBe(0.25);
    expect(completenessOf({ ...open, expected: 4, answered: 0 })).toBe(0);
    expect(completenessOf({ ...open, expected: 0, answered: 0 })).toBe(1);
  });

  it("is none for a quarter not open yet", () => {
    expect(completenessOf({ period: "2026-Q4", today: "2026-12-31", expected: 4, answered: 0 })).toBeNull();
    expect(completenessOf({ period: "2026-Q4", today: "2027-01-01", expected: 4, answered: 0 })).toBe(0);
  });

  it("averages only the rows that have one", () => {
    expect(meanCompleteness([{ completeness: 0 }, { completeness: 1 }, { completeness: null }])).toBe(0.5);
    expect(meanCompleteness([{ completeness: null }])).toBeNull();
  });
});
