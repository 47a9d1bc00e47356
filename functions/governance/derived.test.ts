import { beforeAll, describe, expect, it } from "vitest";
import { db, department } from "../../test/factories";
import { derived } from "../derived-providers";
import { meetingCountValues } from "./derived";
import { governanceMeetings } from "./schema";

/**
 * A hand-made set. In 62: a plenary on 31 March 2026 at 23:30 (Paris: still Q1), a thematic group
 * on 1 April 00:15 (Q2), a plenary on 30 June (Q2), a plenary on 1 July (Q3). In 59: one thematic
 * group on 15 May (Q2). In 75: nothing.
 */
const meeting = (departmentCode: string, startsAt: string, kind: "plenary" | "thematic") => ({
  departmentCode,
  id: crypto.randomUUID(),
  kind,
  groupName: kind === "thematic" ? "Groupe" : null,
  startsAt,
  durationMinutes: 120,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});

beforeAll(async () => {
  for (const code of ["62", "59", "75"]) await department(code);
  await db()
    .insert(governanceMeetings)
    .values([
      meeting("62", "2026-03-31T23:30", "plenary"),
      meeting("62", "2026-04-01T00:15", "thematic"),
      meeting("62", "2026-06-30T18:00", "plenary"),
      meeting("62", "2026-07-01T09:00", "plenary"),
      meeting("59", "2026-05-15T10:00", "thematic"),
    ]);
});

describe("governance.* derived indicators", () => {
  it("count the meetings held in each quarter, of any kind and in plenary, for any départements in one statement", async () => {
    const reads = derived.read(
      db(),
      { departmentCodes: "all", periods: ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] },
      ["governance.meetings_held", "governance.plenary_meetings"],
    );
    expect(reads.statements).toHaveLength(1);
    const value = reads.values(await Promise.all(reads.statements));
    const table = (key: string) =>
      Object.fromEntries(
        ["62", "59", "75"].map((d) => [
          d,
          ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((p) => value(d, p, key)),
        ]),
      );
    expect(table("governance.meetings_held")).toEqual({
      "62": [1, 2, 1, 0],
      "59": [0, 1, 0, 0],
      "75": [0, 0, 0, 0],
    });
    expect(table("governance.plenary_meetings")).toEqual({
      "62": [1, 1, 1, 0],
      "59": [0, 0, 0, 0],
      "75": [0, 0, 0, 0],
    });
  });

  it("a scope of some départements reads only theirs", async () => {
    const reads = derived.read(db(), { departmentCodes: ["59"], periods: ["2026-Q2"] }, [
      "governance.meetings_held",
    ]);
    const rows = await Promise.all(reads.statements);
    expect(rows).toEqual([[{ department_code: "59", period: "2026-Q2", meetings: 1, plenary: 0 }]]);
  });

  it("reads values from hand-made rows, zero where a département held no meeting", () => {
    const value = meetingCountValues([{ department_code: "62", period: "2026-Q2", meetings: 3, plenary: 1 }]);
    expect(value("62", "2026-Q2", "governance.meetings_held")).toBe(3);
    expect(value("62", "2026-Q2", "governance.plenary_meetings")).toBe(1);
    expect(value("62", "2026-Q3", "governance.meetings_held")).toBe(0);
    expect(() => value("62", "2026-Q2", "governance.other")).toThrow();
  });
});
