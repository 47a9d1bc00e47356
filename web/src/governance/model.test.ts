import { describe, expect, it } from "vitest";
import { complianceText, meetingTime, webcalUrl } from "./model";

describe("governance texts", () => {
  it("shows a meeting at its Paris time, never shifted by the browser's zone", () => {
    expect(meetingTime("2026-11-12T14:00")).toBe("12 novembre 2026 à 14:00");
    expect(meetingTime("2026-03-29T02:30")).toBe("29 mars 2026 à 02:30");
  });

  it("says whether the quarter's plenary is held, planned or missing", () => {
    const base = { period: "2026-Q4", bodyDesignated: true, meetingsHeld: 0, inProgress: true };
    expect(complianceText({ ...base, plenaryMeetings: 1, nextPlenaryAt: null, flagged: false })).toBe(
      "1 séance plénière tenue.",
    );
    expect(
      complianceText({ ...base, plenaryMeetings: 0, nextPlenaryAt: "2026-12-15T14:00", flagged: true }),
    ).toBe(
      "Aucune séance plénière tenue pour l'instant ; la prochaine est prévue le 15 décembre 2026 à 14:00.",
    );
    expect(
      complianceText({ ...base, inProgress: false, plenaryMeetings: 0, nextPlenaryAt: null, flagged: true }),
    ).toBe("Aucune séance plénière tenue ce trimestre.");
  });

  it("turns the subscription URL into a webcal:// address, keeping path and token", () => {
    expect(webcalUrl("https://maillage.gouv.fr/api/v1/departments/62/calendar.ics?token=mlgcal_ab-c_d")).toBe(
      "webcal://maillage.gouv.fr/api/v1/departments/62/calendar.ics?token=mlgcal_ab-c_d",
    );
    expect(webcalUrl("http://localhost:8787/api/v1/departments/2A/calendar.ics?token=x")).toBe(
      "webcal://localhost:8787/api/v1/departments/2A/calendar.ics?token=x",
    );
  });
});
