import { describe, expect, it } from "vitest";
import { bodyOf, datesFor, formOf } from "./settings";

describe("report settings form", () => {
  it("sends whole days, an empty window meaning none", () => {
    expect(bodyOf({ reportDueDays: " 45 ", memberEntryDays: "" })).toEqual({
      body: { reportDueDays: 45, memberEntryDays: null },
    });
    expect(bodyOf({ reportDueDays: "30", memberEntryDays: "20" })).toEqual({
      body: { reportDueDays: 30, memberEntryDays: 20 },
    });
  });

  it("refuses what is not a whole number of days, field by field", () => {
    expect(bodyOf({ reportDueDays: "", memberEntryDays: "2,5" })).toEqual({
      errors: {
        reportDueDays: "Indiquez un nombre entier de jours.",
        memberEntryDays: "Indiquez un nombre entier de jours, ou laissez vide.",
      },
    });
    expect(bodyOf({ reportDueDays: "-3", memberEntryDays: "" })).toHaveProperty("errors.reportDueDays");
  });

  it("shows no window as an empty field", () => {
    expect(formOf({ reportDueDays: 30, memberEntryDays: null })).toEqual({
      reportDueDays: "30",
      memberEntryDays: "",
    });
  });
});

describe("dates the settings give", () => {
  it("counts both delays from the day after the quarter being entered ends", () => {
    // On 2026-11-23 the quarter being entered is 2026-Q3 (ended 30 September, open from 1 October).
    expect(datesFor({ reportDueDays: "30", memberEntryDays: "20" }, "2026-11-23")).toEqual({
      period: "2026-Q3",
      dueDate: "2026-10-31",
      memberEntryUntil: "2026-10-21",
    });
    expect(datesFor({ reportDueDays: "x", memberEntryDays: "" }, "2027-01-01")).toEqual({
      period: "2026-Q4",
      dueDate: null,
      memberEntryUntil: null,
    });
  });
});
