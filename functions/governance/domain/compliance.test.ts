import { describe, expect, it } from "vitest";
import { bodyStood, inNoPlenaryWindow, quarterCompliance } from "./compliance";

const clav = { designatedOn: "2026-02-10", replacedAt: null };

describe("quarter compliance", () => {
  it("an ended quarter without a plenary stays flagged, even with thematic groups", () => {
    const c = quarterCompliance(
      "2026-Q2",
      "2026-11-20",
      [clav],
      [{ startsAt: "2026-05-04T10:00", kind: "thematic" }],
    );
    expect(c).toMatchObject({ flagged: true, plenaryMeetings: 0, meetingsHeld: 1, inProgress: false });
  });

  it("the quarter in progress is flagged until a plenary is held; a planned one is only shown", () => {
    const planned = [{ startsAt: "2026-12-15T14:00", kind: "plenary" as const }];
    expect(quarterCompliance("2026-Q4", "2026-11-20", [clav], planned)).toMatchObject({
      flagged: true,
      nextPlenaryAt: "2026-12-15T14:00",
      inProgress: true,
    });
    expect(quarterCompliance("2026-Q4", "2026-12-15", [clav], planned)).toMatchObject({
      flagged: false,
      plenaryMeetings: 1,
      nextPlenaryAt: null,
    });
  });

  it("a quarter's bounds are Paris days: 31 March 23:30 is Q1, 1 April 00:00 is Q2", () => {
    const meetings = [
      { startsAt: "2026-03-31T23:30", kind: "plenary" as const },
      { startsAt: "2026-04-01T00:00", kind: "plenary" as const },
    ];
    expect(quarterCompliance("2026-Q1", "2026-11-20", [clav], meetings).plenaryMeetings).toBe(1);
    expect(quarterCompliance("2026-Q2", "2026-11-20", [clav], meetings).plenaryMeetings).toBe(1);
  });

  it("a future quarter is not flagged", () => {
    expect(quarterCompliance("2027-Q1", "2026-11-20", [clav], []).flagged).toBe(false);
  });

  it("a body stands from its designation until the day it is replaced", () => {
    const replaced = { designatedOn: "2026-02-10", replacedAt: "2026-06-01T08:00:00Z" };
    expect(bodyStood([replaced], "2026-02-09")).toBe(false);
    expect(bodyStood([replaced], "2026-05-31")).toBe(true);
    expect(bodyStood([replaced], "2026-06-01")).toBe(false);
    expect(quarterCompliance("2026-Q1", "2026-11-20", [replaced], []).bodyDesignated).toBe(true);
  });
});

describe("the « no plenary yet » reminder window", () => {
  it("opens 21 days before the quarter's last day and closes with the quarter", () => {
    expect(inNoPlenaryWindow("2026-Q4", "2026-12-09")).toBe(false);
    expect(inNoPlenaryWindow("2026-Q4", "2026-12-10")).toBe(true);
    expect(inNoPlenaryWindow("2026-Q4", "2026-12-31")).toBe(true);
    expect(inNoPlenaryWindow("2026-Q4", "2027-01-01")).toBe(false);
    expect(inNoPlenaryWindow("2027-Q1", "2027-03-10")).toBe(true);
  });
});
