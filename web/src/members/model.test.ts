import { describe, expect, it } from "vitest";
import { parisDayOf, signInStatus } from "./model";

describe("members' sign-in column", () => {
  it("says the day of the last sign-in in Paris, with « 1er » for the first of the month", () => {
    expect(signInStatus({ lastSignInAt: "2026-12-02T09:00:00Z", invitationSentAt: null })).toBe(
      "Dernière connexion le 2 décembre 2026",
    );
    expect(parisDayOf("2026-12-31T23:30:00Z")).toBe("1er janvier 2027");
  });

  it("says there was no sign-in yet, without « (e) », and when the invitation left", () => {
    expect(signInStatus({ lastSignInAt: null, invitationSentAt: null })).toBe("Pas encore de connexion");
    expect(signInStatus({ lastSignInAt: null, invitationSentAt: "2026-12-02T09:00:00Z" })).toBe(
      "Pas encore de connexion (invitation envoyée le 2 décembre 2026)",
    );
  });
});
