import type { AnyDashboardSection, DashboardScope } from "../functions/platform/dashboard";
import type { DashboardSectionKey, DashboardSections } from "../shared/dashboard";
import { db } from "./factories";

/** One dashboard section, read alone (its statements in one batch) for a scope. */
export async function readSection<K extends DashboardSectionKey>(
  section: AnyDashboardSection,
  scope: Partial<DashboardScope> & { today: string },
): Promise<DashboardSections[K]> {
  const full: DashboardScope = {
    departmentCode: "62",
    organisationIds: null,
    userId: "nobody",
    now: `${scope.today}T10:00:00.000Z`,
    ...scope,
  };
  const reads = section.reads(db(), full);
  const rows = reads.length
    ? ((await db().batch(
        reads as unknown as Parameters<ReturnType<typeof db>["batch"]>[0],
      )) as readonly unknown[] as unknown[])
    : [];
  return section.section(rows, full) as DashboardSections[K];
}
