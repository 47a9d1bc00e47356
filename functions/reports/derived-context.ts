import { periodEnd, periodStart } from "../../shared/periods";
import type { DerivedContext } from "./domain/derived";

export type Lifetime = { kind: string; createdAt: string; archivedAt: string | null };

/**
 * The D1 side of derived indicators. Source rows are loaded once per département and counted in
 * memory for each quarter, so a view over many quarters costs one query, not one per quarter.
 */
export function derivedSource(departmentCode: string, loadLifetimes: () => Promise<Lifetime[]>) {
  let lifetimes: Promise<Lifetime[]> | undefined;
  return {
    contextFor(period: string): DerivedContext {
      const end = periodEnd(period);
      return {
        departmentCode,
        period,
        periodStart: periodStart(period),
        periodEnd: end,
        async countOrganisations(kind) {
          lifetimes ??= loadLifetimes();
          return (await lifetimes).filter(
            (o) =>
              (!kind || o.kind === kind) &&
              o.createdAt.slice(0, 10) <= end &&
              (!o.archivedAt || o.archivedAt.slice(0, 10) > end),
          ).length;
        },
      };
    },
  };
}
