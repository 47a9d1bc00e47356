import { and, asc, eq, exists, isNull, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { CONTRACTS_ENDING_WITHIN_DAYS, type DashboardSections } from "../../shared/dashboard";
import { addDays } from "../../shared/periods";
import { organisations } from "../organisations/schema";
import { type DashboardRows, type DashboardScope, dashboardSection } from "../platform/dashboard";
import { type Db, sameTenant } from "../platform/db";
import { statusCondition } from "./queries";
import { contractSignatories, contracts } from "./schema";

/**
 * The dashboard's contracts section: contracts in force ending within 90 days, and drafts whose
 * signatories have not all signed. A member sees the contracts their organisations carry or sign
 * (as the contracts list does), and only their own organisations' missing signatures. Two reads.
 */

const inIds = (column: SQLiteColumn, ids: readonly string[]) =>
  sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

export function contractsDashboardReads(db: Db, scope: DashboardScope) {
  const code = scope.departmentCode;
  const mine = scope.organisationIds;
  const visible: SQL | undefined =
    mine === null
      ? undefined
      : or(
          inIds(contracts.carrierOrganisationId, mine),
          exists(
            db
              .select({ one: sql`1` })
              .from(contractSignatories)
              .where(
                and(
                  eq(contractSignatories.departmentCode, code),
                  eq(contractSignatories.contractId, contracts.id),
                  inIds(contractSignatories.organisationId, mine),
                ),
              ),
          ),
        );
  return [
    db
      .select({
        id: contracts.id,
        title: contracts.title,
        carrierId: contracts.carrierOrganisationId,
        carrierName: organisations.name,
        endsOn: sql<string>`${contracts.endsOn}`,
      })
      .from(contracts)
      .innerJoin(
        organisations,
        and(sameTenant(organisations, contracts), eq(organisations.id, contracts.carrierOrganisationId)),
      )
      .where(
        and(
          eq(contracts.departmentCode, code),
          statusCondition("in_force", scope.today),
          sql`${contracts.endsOn} <= ${addDays(scope.today, CONTRACTS_ENDING_WITHIN_DAYS)}`,
          visible,
        ),
      )
      .orderBy(asc(contracts.endsOn), asc(contracts.id)),
    db
      .select({
        id: contracts.id,
        title: contracts.title,
        organisationId: contractSignatories.organisationId,
        organisationName: organisations.name,
      })
      .from(contractSignatories)
      .innerJoin(
        contracts,
        and(sameTenant(contracts, contractSignatories), eq(contracts.id, contractSignatories.contractId)),
      )
      .innerJoin(
        organisations,
        and(
          sameTenant(organisations, contractSignatories),
          eq(organisations.id, contractSignatories.organisationId),
        ),
      )
      .where(
        and(
          eq(contractSignatories.departmentCode, code),
          eq(contracts.state, "draft"),
          isNull(contractSignatories.signedOn),
          mine === null ? undefined : inIds(contractSignatories.organisationId, mine),
        ),
      )
      .orderBy(asc(contracts.createdAt), asc(contracts.id), asc(contractSignatories.position)),
  ] as const;
}

type Rows = DashboardRows<ReturnType<typeof contractsDashboardReads>>;

export function contractsDashboardSection(
  [ending, unsigned]: Rows,
  scope: DashboardScope,
): DashboardSections["contracts"] {
  const link = `/departements/${scope.departmentCode}/contrats`;
  const awaiting = new Map<string, DashboardSections["contracts"]["awaitingSignature"][number]>();
  for (const row of unsigned) {
    const entry = awaiting.get(row.id) ?? {
      id: row.id,
      title: row.title,
      missing: [],
      link: `${link}/${row.id}`,
    };
    entry.missing.push({ id: row.organisationId, name: row.organisationName });
    awaiting.set(row.id, entry);
  }
  return {
    endingSoon: ending.map((c) => ({
      id: c.id,
      title: c.title,
      carrier: { id: c.carrierId, name: c.carrierName },
      endsOn: c.endsOn,
      link: `${link}/${c.id}`,
    })),
    awaitingSignature: [...awaiting.values()],
    link,
  };
}

export const contractsDashboard = dashboardSection({
  key: "contracts",
  reads: contractsDashboardReads,
  section: contractsDashboardSection,
});
