import { describe, expect, it } from "vitest";
import {
  addDays,
  comparePeriods,
  DateString,
  dueOn,
  expectedIn,
  formatPeriod,
  isFuture,
  isOpen,
  isPeriod,
  lastOpenPeriod,
  nextPeriod,
  opensOn,
  Period,
  parisDate,
  parsePeriod,
  periodEnd,
  periodOf,
  periodStart,
  previousPeriod,
  range,
} from "./periods";

describe("period strings", () => {
  it("parses and formats 2026-Q3", () => {
    expect(parsePeriod("2026-Q3")).toEqual({ year: 2026, quarter: 3 });
    expect(formatPeriod(2026, 3)).toBe("2026-Q3");
    expect(Period.parse("2026-Q3")).toBe("2026-Q3");
  });

  it("refuses 2000-Q1 from clients: its report would need 1999-Q4", () => {
    expect(Period.safeParse("2000-Q1").success).toBe(false);
    expect(Period.safeParse("2001-Q1").success).toBe(true);
    expect(previousPeriod("2001-Q1")).toBe("2000-Q4");
  });

  it.each(["2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-q1", "2026-T1", " 2026-Q1", "1999-Q4", ""])(
    "refuses %j with a French message",
    (bad) => {
      expect(isPeriod(bad)).toBe(false);
      const r = Period.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/Période invalide/);
      expect(() => parsePeriod(bad)).toThrow(/Période invalide/);
    },
  );

  it.each(["2026-Q3", "2001-Q1", "2000-Q4", "2000-Q1", "9999-Q4", "2026-Q3\n", "12026-Q1", "2026-Q3 "])(
    "isPeriod (zod-free, for the browser) agrees with the Period schema on %j",
    (value) => {
      expect(isPeriod(value)).toBe(Period.safeParse(value).success);
    },
  );

  it("refuses to format quarter 5", () => {
    expect(() => formatPeriod(2026, 5)).toThrow(RangeError);
  });
});

describe("quarter dates", () => {
  it("gives the first and last day of each quarter", () => {
    expect([periodStart("2026-Q1"), periodEnd("2026-Q1")]).toEqual(["2026-01-01", "2026-03-31"]);
    expect([periodStart("2026-Q2"), periodEnd("2026-Q2")]).toEqual(["2026-04-01", "2026-06-30"]);
    expect([periodStart("2026-Q3"), periodEnd("2026-Q3")]).toEqual(["2026-07-01", "2026-09-30"]);
    expect([periodStart("2026-Q4"), periodEnd("2026-Q4")]).toEqual(["2026-10-01", "2026-12-31"]);
  });

  it("opens the day after the quarter ends, Q4 into next year", () => {
    expect(opensOn("2026-Q3")).toBe("2026-10-01");
    expect(opensOn("2026-Q4")).toBe("2027-01-01");
  });

  it("counts the due date across a leap February", () => {
    // Q4 2027 opens 2028-01-01; 60 days later, through 29 Feb 2028, is 1 March.
    expect(dueOn("2027-Q4", 60)).toBe("2028-03-01");
    expect(dueOn("2026-Q4", 60)).toBe("2027-03-02");
    expect(dueOn("2026-Q3", 30)).toBe("2026-10-31");
    expect(dueOn("2026-Q3", 0)).toBe("2026-10-01");
    expect(() => dueOn("2026-Q3", -1)).toThrow(RangeError);
  });

  it("adds days across month and year ends", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("validates calendar dates", () => {
    expect(DateString.safeParse("2028-02-29").success).toBe(true);
    expect(DateString.safeParse("2027-02-29").success).toBe(false);
    expect(DateString.safeParse("2027-13-01").success).toBe(false);
  });

  it("finds the quarter of a day", () => {
    expect(periodOf("2026-09-30")).toBe("2026-Q3");
    expect(periodOf("2026-10-01")).toBe("2026-Q4");
    expect(lastOpenPeriod("2026-10-01")).toBe("2026-Q3");
    expect(lastOpenPeriod("2027-01-15")).toBe("2026-Q4");
  });
});

describe("next, previous and ranges", () => {
  it("moves across the year boundary", () => {
    expect(nextPeriod("2026-Q4")).toBe("2027-Q1");
    expect(previousPeriod("2027-Q1")).toBe("2026-Q4");
    expect(nextPeriod("2026-Q2")).toBe("2026-Q3");
  });

  it("orders periods", () => {
    expect(comparePeriods("2026-Q4", "2027-Q1")).toBe(-1);
    expect(comparePeriods("2027-Q1", "2027-Q1")).toBe(0);
    expect(comparePeriods("2027-Q2", "2026-Q4")).toBe(1);
  });

  it("lists a range inclusively", () => {
    expect(range("2026-Q3", "2027-Q2")).toEqual(["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"]);
    expect(range("2026-Q3", "2026-Q3")).toEqual(["2026-Q3"]);
  });

  it("refuses reversed and over-long ranges", () => {
    expect(() => range("2027-Q1", "2026-Q4")).toThrow(/après/);
    expect(range("2020-Q1", "2029-Q4")).toHaveLength(40);
    expect(() => range("2020-Q1", "2030-Q1")).toThrow(/41 trimestres/);
  });
});

describe("open and future quarters", () => {
  it("a quarter is future until its last day included", () => {
    expect(isFuture("2026-Q4", "2026-12-31")).toBe(true);
    expect(isOpen("2026-Q4", "2026-12-31")).toBe(false);
    expect(isFuture("2026-Q4", "2027-01-01")).toBe(false);
    expect(isOpen("2026-Q4", "2027-01-01")).toBe(true);
    expect(isOpen("2026-Q4", "2026-05-01")).toBe(false);
    expect(isOpen("2020-Q1", "2026-05-01")).toBe(true);
  });
});

describe("periodicity", () => {
  it("asks an annual indicator in Q4 only", () => {
    expect(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((p) => expectedIn("annual", p))).toEqual([
      false,
      false,
      false,
      true,
    ]);
    expect(["2026-Q1", "2026-Q4"].map((p) => expectedIn("quarterly", p))).toEqual([true, true]);
  });
});

describe("Paris calendar day", () => {
  it("turns a late-evening UTC instant into the next French day", () => {
    expect(parisDate("2026-10-31T22:30:00.000Z")).toBe("2026-10-31"); // winter time: 23:30 in Paris
    expect(parisDate("2026-10-31T23:30:00.000Z")).toBe("2026-11-01");
    expect(parisDate(new Date("2026-07-31T22:30:00.000Z"))).toBe("2026-08-01"); // summer time: 00:30
  });

  it("agrees with the time-zone database at every hour of the year, across both changes of time", () => {
    const intl = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Paris",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    const differ: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60 * 1000) {
      const instant = new Date(t);
      if (parisDate(instant) !== intl.format(instant)) differ.push(instant.toISOString());
      if (parisDate(instant.toISOString()) !== intl.format(instant)) differ.push(instant.toISOString());
    }
    expect(differ).toEqual([]);
  });
});
