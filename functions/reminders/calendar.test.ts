import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { parisDate } from "../../shared/periods";
import wranglerToml from "../../wrangler.toml?raw";
import {
  DAILY_CRONS,
  departmentsFor,
  holidays,
  isWorkingDay,
  parisClock,
  QUARTER_START_CRONS,
  triggerOf,
} from "./calendar";

/** Every firing of the reminder crons between two instants, as wrangler would schedule them (UTC). */
function firings(from: string, to: string) {
  const out: { cron: string; at: Date }[] = [];
  for (const cron of [...QUARTER_START_CRONS, ...DAILY_CRONS]) {
    const job = new Cron(cron, { timezone: "UTC" });
    let at = job.nextRun(new Date(from));
    while (at && at < new Date(to)) {
      out.push({ cron, at });
      at = job.nextRun(at);
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const runsOf = (from: string, to: string) =>
  firings(from, to)
    .map((f) => ({ ...f, trigger: triggerOf(f.cron, f.at) }))
    .filter((f) => f.trigger !== null);

describe("cron triggers", () => {
  it("wrangler.toml declares exactly the reminder crons the code dispatches (plus the daily purge)", () => {
    const line = /^crons = (\[.*\])$/m.exec(wranglerToml)?.[1];
    expect(JSON.parse(line ?? "[]")).toEqual(["17 3 * * *", ...QUARTER_START_CRONS, ...DAILY_CRONS]);
  });

  it("every expression parses with a maintained cron parser", () => {
    for (const cron of [...QUARTER_START_CRONS, ...DAILY_CRONS])
      expect(new Cron(cron).nextRun()).toBeInstanceOf(Date);
  });

  it("runs once at 08:00 Paris on the first day of each quarter, whatever the season", () => {
    const runs = runsOf("2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z").filter(
      (r) => r.trigger === "quarter_start",
    );
    expect(runs.map((r) => `${parisDate(r.at)} ${parisClock(r.at)}`)).toEqual(
      ["2026", "2027"].flatMap((y) => ["01", "04", "07", "10"].map((m) => `${y}-${m}-01 08:00`)),
    );
  });

  it("runs once at 08:30 Paris every weekday of a year, none on weekends", () => {
    const runs = runsOf("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z").filter((r) => r.trigger === "daily");
    const days = runs.map((r) => parisDate(r.at));
    expect(new Set(days).size).toBe(days.length);
    expect(runs.every((r) => parisClock(r.at) === "08:30")).toBe(true);
    // 2026 has 261 weekdays.
    expect(days).toHaveLength(261);
    expect(days.every((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()))).toBe(true);
  });

  it.each([
    [
      "last Sunday of March (summer time)",
      "2026-03-28T00:00:00Z",
      "2026-03-31T00:00:00Z",
      ["2026-03-30T06:30:00.000Z"],
    ],
    [
      "last Sunday of October (winter time)",
      "2026-10-24T00:00:00Z",
      "2026-10-27T00:00:00Z",
      ["2026-10-26T07:30:00.000Z"],
    ],
  ])("around the %s: nothing on the weekend, the Monday at 08:30 Paris", (_, from, to, expected) => {
    const runs = runsOf(from, to);
    expect(runs.map((r) => r.at.toISOString())).toEqual(expected);
    // The twin expression fires too, an hour off, and is ignored.
    expect(firings(from, to)).toHaveLength(2);
  });

  it("ignores a cron it does not know (the daily purge)", () => {
    expect(triggerOf("17 3 * * *", new Date("2026-03-30T03:17:00Z"))).toBeNull();
  });
});

describe("working days by département", () => {
  it.each([
    ["62", "2026-05-01", false], // Fête du travail (Friday)
    ["62", "2026-07-14", false], // Fête nationale (Tuesday)
    ["62", "2026-05-25", false], // Lundi de Pentecôte
    ["62", "2026-04-03", true], // Good Friday: a working day outside Alsace-Moselle
    ["67", "2026-04-03", false],
    ["57", "2026-04-03", false],
    ["972", "2026-05-22", false], // abolition of slavery in Martinique (Friday)
    ["62", "2026-05-22", true],
    ["974", "2026-12-21", true],
    ["974", "2025-12-19", true],
    ["62", "2026-10-03", false], // Saturday
    ["62", "2026-10-05", true],
  ])("%s on %s: working day %s", (code, day, expected) => {
    expect(isWorkingDay(code, day)).toBe(expected);
  });

  it("knows the national holidays of 2026 (11) and Alsace-Moselle's two more", () => {
    expect(holidays("62", 2026).size).toBe(11);
    expect(holidays("68", 2026).size).toBe(13);
    expect(holidays("68", 2026).has("2026-12-26")).toBe(true);
  });

  it("a daily run leaves out the départements on a holiday; a quarter start keeps them all", () => {
    const goodFriday = new Date("2026-04-03T06:30:00Z");
    expect(departmentsFor("daily", goodFriday, ["57", "62", "67"])).toEqual(["62"]);
    expect(departmentsFor("quarter_start", new Date("2026-01-01T07:00:00Z"), ["57", "62"])).toEqual([
      "57",
      "62",
    ]);
    expect(departmentsFor("daily", new Date("2026-01-01T07:30:00Z"), ["57", "62"])).toEqual([]);
  });
});
