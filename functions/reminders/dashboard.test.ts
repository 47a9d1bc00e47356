import { beforeAll, describe, expect, it } from "vitest";
import { readSection } from "../../test/dashboard";
import { db, department } from "../../test/factories";
import { remindersDashboard } from "./dashboard";
import { reminders } from "./schema";

const TODAY = "2026-11-20";

const reminder = (n: number, fields: Partial<typeof reminders.$inferInsert> = {}) => ({
  departmentCode: "62",
  id: `r-${String(n).padStart(2, "0")}`,
  key: `62|report_overdue|2026-Q3|u|w${n}`,
  kind: "report_overdue" as const,
  subject: "2026-Q3",
  occurrence: `w${n}`,
  userId: "u-prefecture",
  recipient: "prefecture-62@maillage.test",
  title: `Rapport 2026-Q3 en retard (${n})`,
  body: "…",
  reason: "…",
  link: "/departements/62/trimestres/2026-Q3",
  status: "sent" as const,
  createdAt: `2026-11-${String(n).padStart(2, "0")}T07:30:00Z`,
  sentAt: `2026-11-${String(n).padStart(2, "0")}T07:31:00Z`,
  ...fields,
});

beforeAll(async () => {
  await department("62");
  await department("59");
  const rows = [
    ...Array.from({ length: 6 }, (_, i) => reminder(i + 1)),
    reminder(7, {
      userId: "u-member",
      recipient: "member@maillage.test",
      kind: "contract_ending",
      status: "queued",
      sentAt: null,
    }),
    reminder(8, { departmentCode: "59", key: "59|x", recipient: "prefecture-59@maillage.test" }),
  ];
  for (const row of rows) await db().insert(reminders).values(row);
});

describe("the dashboard's reminders section", () => {
  it("gives the prefecture the département's last five reminders, newest first, and the log", async () => {
    const s = await readSection<"reminders">(remindersDashboard, { today: TODAY });
    expect(s.items.map((r) => r.id)).toEqual(["r-07", "r-06", "r-05", "r-04", "r-03"]);
    expect(s.items[0]).toMatchObject({ status: "queued", sentAt: null, recipient: "member@maillage.test" });
    expect(s.link).toBe("/departements/62/relances");
  });

  it("gives a member the reminders sent to them only, without the log", async () => {
    const s = await readSection<"reminders">(remindersDashboard, {
      today: TODAY,
      organisationIds: ["o"],
      userId: "u-member",
    });
    expect(s.items.map((r) => r.id)).toEqual(["r-07"]);
    expect(s.link).toBeNull();
  });

  it("keeps to its département", async () => {
    const s = await readSection<"reminders">(remindersDashboard, { today: TODAY, departmentCode: "59" });
    expect(s.items.map((r) => r.recipient)).toEqual(["prefecture-59@maillage.test"]);
  });
});
