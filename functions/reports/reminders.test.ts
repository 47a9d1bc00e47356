import { describe, expect, it } from "vitest";
import { type DepartmentReportRow, reportReminders } from "./reminders";

const settings = (over: Partial<DepartmentReportRow> = {}): DepartmentReportRow => ({
  code: "62",
  reportDueDays: 30,
  memberEntryDays: null,
  period: null,
  status: null,
  ...over,
});
const owners = new Map([["62", ["org-a"]]]);
const kindsOn = (today: string, rows = [settings()]) =>
  reportReminders(today, rows, owners).map((r) => `${r.kind} ${r.subject} ${r.occurrence}`);

describe("report reminders on a fixed day", () => {
  it("the quarter opens on 1 October: 2026-Q3 is announced to the prefecture and the indicators' organisations", () => {
    const [open] = reportReminders("2026-10-01", [settings()], owners);
    expect(open).toMatchObject({
      kind: "quarter_open",
      subject: "2026-Q3",
      audience: { prefecture: true, organisationIds: ["org-a"] },
      link: "/departements/62/trimestres/2026-Q3",
    });
    expect(kindsOn("2026-10-01")).toEqual(["quarter_open 2026-Q3 once", "report_overdue 2026-Q2 w8"]);
    const q2Submitted = settings({ period: "2026-Q2", status: "validated" });
    expect(kindsOn("2026-10-01", [q2Submitted])).toEqual(["quarter_open 2026-Q3 once"]);
  });

  it("on the last day of a quarter nothing opens (2026-Q3 is still running)", () => {
    expect(kindsOn("2026-09-30").filter((k) => k.includes("2026-Q3"))).toEqual([]);
  });

  it("a missed quarter-start run catches up within the first week only", () => {
    expect(kindsOn("2026-10-07")).toContain("quarter_open 2026-Q3 once");
    expect(kindsOn("2026-10-08")).not.toContain("quarter_open 2026-Q3 once");
  });

  it("due in 7 days (due 31 October): from 24 October until the day before", () => {
    expect(kindsOn("2026-10-23")).not.toContain("report_due_soon 2026-Q3 once");
    expect(kindsOn("2026-10-24")).toContain("report_due_soon 2026-Q3 once");
    expect(kindsOn("2026-10-30")).toContain("report_due_soon 2026-Q3 once");
    expect(kindsOn("2026-10-31")).not.toContain("report_due_soon 2026-Q3 once");
  });

  it("overdue from the day after the due date, one occurrence per week until submitted", () => {
    expect(kindsOn("2026-10-31")).not.toContain("report_overdue 2026-Q3 w0");
    expect(kindsOn("2026-11-01")).toContain("report_overdue 2026-Q3 w0");
    expect(kindsOn("2026-11-07")).toContain("report_overdue 2026-Q3 w0");
    expect(kindsOn("2026-11-08")).toContain("report_overdue 2026-Q3 w1");
    const submitted = settings({ period: "2026-Q3", status: "submitted" });
    expect(kindsOn("2026-11-08", [submitted]).filter((k) => k.includes("2026-Q3"))).toEqual([]);
  });

  it("the previous quarter stays overdue across a quarter boundary (due 120 days after)", () => {
    const slow = settings({ reportDueDays: 120 });
    // 2026-Q2 opened on 1 July, due 29 October; on 2 November it is overdue while Q3 is open.
    expect(kindsOn("2026-11-02", [slow])).toContain("report_overdue 2026-Q2 w0");
  });

  it("members' entry closing in 3 days (window of 20 days: last day 21 October), only when the window is set", () => {
    const windowed = [settings({ memberEntryDays: 20 })];
    expect(kindsOn("2026-10-17", windowed)).not.toContain("member_entry_closing 2026-Q3 once");
    expect(kindsOn("2026-10-18", windowed)).toContain("member_entry_closing 2026-Q3 once");
    expect(kindsOn("2026-10-21", windowed)).toContain("member_entry_closing 2026-Q3 once");
    expect(kindsOn("2026-10-22", windowed)).not.toContain("member_entry_closing 2026-Q3 once");
    expect(kindsOn("2026-10-18")).not.toContain("member_entry_closing 2026-Q3 once");
    const [closing] = reportReminders("2026-10-18", windowed, owners).filter(
      (r) => r.kind === "member_entry_closing",
    );
    expect(closing?.audience).toEqual({ prefecture: false, organisationIds: ["org-a"] });
  });

  it("the year boundary: 2026-Q4 opens on 1 January 2027", () => {
    expect(kindsOn("2027-01-01")).toContain("quarter_open 2026-Q4 once");
  });
});
