import { describe, expect, it } from "vitest";
import { type Lifecycle, statusAt, statusOn } from "./status";

const signed: Lifecycle = {
  state: "signed",
  signedOn: "2026-03-10",
  startsOn: "2026-04-01",
  endsOn: "2029-03-31",
  terminatedOn: null,
};

describe("contract status, computed from the dates", () => {
  it("a draft stays a draft whatever the dates", () => {
    expect(statusOn({ ...signed, state: "draft", signedOn: null }, "2027-01-01")).toBe("draft");
  });

  it("is signed before its start day, in force from the start day to the end day, expired the day after", () => {
    expect(statusOn(signed, "2026-03-31")).toBe("signed");
    expect(statusOn(signed, "2026-04-01")).toBe("in_force");
    expect(statusOn(signed, "2029-03-31")).toBe("in_force");
    expect(statusOn(signed, "2029-04-01")).toBe("expired");
  });

  it("without an end day stays in force; without a start day stays signed", () => {
    expect(statusOn({ ...signed, endsOn: null }, "2040-01-01")).toBe("in_force");
    expect(statusOn({ ...signed, startsOn: null }, "2027-01-01")).toBe("signed");
  });

  it("a backdated start is in force only from the signature day", () => {
    const backdated = { ...signed, startsOn: "2026-01-01", signedOn: "2026-03-10" };
    expect(statusOn(backdated, "2026-03-09")).toBe("signed");
    expect(statusOn(backdated, "2026-03-10")).toBe("in_force");
  });

  it("a terminated contract is terminated from its termination day, what its dates made it before", () => {
    const terminated: Lifecycle = { ...signed, state: "terminated", terminatedOn: "2027-06-15" };
    expect(statusOn(terminated, "2027-06-14")).toBe("in_force");
    expect(statusOn(terminated, "2027-06-15")).toBe("terminated");
    expect(statusOn(terminated, "2030-01-01")).toBe("terminated");
  });

  it("changes at midnight in Paris, not at midnight UTC", () => {
    // 30 June 2026, 23:30 UTC is already 1 July in Paris (UTC+2 in summer).
    const ending = { ...signed, startsOn: "2026-04-01", endsOn: "2026-06-30" };
    expect(statusAt(ending, new Date("2026-06-30T21:59:59Z"))).toBe("in_force");
    expect(statusAt(ending, new Date("2026-06-30T22:00:00Z"))).toBe("expired");
    const starting = { ...signed, startsOn: "2026-07-01", endsOn: null };
    expect(statusAt(starting, new Date("2026-06-30T21:59:59Z"))).toBe("signed");
    expect(statusAt(starting, new Date("2026-06-30T22:00:00Z"))).toBe("in_force");
    // In winter Paris is UTC+1: 31 December 23:00 UTC is 1 January.
    const yearEnd = { ...signed, startsOn: "2026-04-01", endsOn: "2026-12-31" };
    expect(statusAt(yearEnd, new Date("2026-12-31T22:59:59Z"))).toBe("in_force");
    expect(statusAt(yearEnd, new Date("2026-12-31T23:00:00Z"))).toBe("expired");
  });
});
