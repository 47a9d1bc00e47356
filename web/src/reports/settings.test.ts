import { describe, expect, it } from "vitest";
import { bodyOf, formOf } from "./settings";

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
