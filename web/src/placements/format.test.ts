import { describe, expect, it } from "vitest";
import { halfDaysText, placesText, scheduleText } from "./format";

describe("placements' French wording", () => {
  it("says dates, periods, places and half-days", () => {
    expect(scheduleText({ kind: "dates", dates: ["2030-03-03", "2030-03-02"] })).toBe(
      "2 mars 2030, 3 mars 2030",
    );
    expect(scheduleText({ kind: "period", start: "2030-03-01", end: "2030-06-30" })).toBe(
      "entre le 1 mars 2030 et le 30 juin 2030",
    );
    expect(placesText({ placesLeft: 0, capacity: 2 })).toBe("Aucune place restante");
    expect(placesText({ placesLeft: 1, capacity: 2 })).toBe("1 place restante sur 2");
    expect(placesText({ placesLeft: 2, capacity: 3 })).toBe("2 places restantes sur 3");
    expect(halfDaysText(1)).toBe("1 demi-journée");
    expect(halfDaysText(4)).toBe("4 demi-journées");
  });
});
