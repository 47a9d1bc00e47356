import { and, asc, eq, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DashboardSections } from "../../shared/dashboard";
import { type DashboardRows, type DashboardScope, dashboardSection } from "../platform/dashboard";
import type { Db } from "../platform/db";
import { conventions } from "./schema";

/**
 * The dashboard's conventions section: conventions waiting for a signature, whose turn it is and
 * since when, oldest first. A member sees only those waiting for their own signature: their
 * organisation's turn (sending or host), or theirs as the trainee. One read.
 */

const inIds = (column: SQLiteColumn, ids: readonly string[]) =>
  sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

const organisationName = (column: SQLiteColumn, as: string) =>
  sql<
    string | null
  >`(select o.name from organisations o where o.department_code = ${conventions.departmentCode} and o.id = ${column})`.as(
    as,
  );

export function conventionsDashboardReads(db: Db, scope: DashboardScope) {
  const mine = scope.organisationIds;
  return [
    db
      .select({
        id: conventions.id,
        hostId: conventions.hostOrganisationId,
        hostName: organisationName(conventions.hostOrganisationId, "host_name"),
        sendingId: conventions.sendingOrganisationId,
        sendingName: organisationName(conventions.sendingOrganisationId, "sending_name"),
        trainee: sql<
          string | null
        >`(select coalesce(nullif(trim(u.name), ''), u.email) from users u where u.id = ${conventions.traineeUserId})`.as(
          "trainee_name",
        ),
        party: conventions.awaitingParty,
        awaitingSince: conventions.awaitingSince,
      })
      .from(conventions)
      .where(
        and(
          eq(conventions.departmentCode, scope.departmentCode),
          eq(conventions.status, "awaiting_signatures"),
          mine === null
            ? undefined
            : or(
                and(eq(conventions.awaitingParty, "sending"), inIds(conventions.sendingOrganisationId, mine)),
                and(eq(conventions.awaitingParty, "host"), inIds(conventions.hostOrganisationId, mine)),
                and(eq(conventions.awaitingParty, "trainee"), eq(conventions.traineeUserId, scope.userId)),
              ),
        ),
      )
      .orderBy(asc(conventions.awaitingSince), asc(conventions.id)),
  ] as const;
}

type Rows = DashboardRows<ReturnType<typeof conventionsDashboardReads>>;

export function conventionsDashboardSection(
  [rows]: Rows,
  scope: DashboardScope,
): DashboardSections["conventions"] {
  const link = `/departements/${scope.departmentCode}/conventions`;
  return {
    awaitingSignature: rows.flatMap((r) => {
      if (!r.party || !r.awaitingSince) return [];
      const host = { id: r.hostId, name: r.hostName ?? "Organisation inconnue" };
      const sending = { id: r.sendingId, name: r.sendingName ?? "Organisation inconnue" };
      const trainee = r.trainee ?? "Stagiaire";
      const awaitingWho = r.party === "host" ? host.name : r.party === "sending" ? sending.name : trainee;
      return [
        {
          id: r.id,
          host,
          sending,
          trainee,
          party: r.party,
          awaitingWho,
          awaitingSince: r.awaitingSince,
          link: `${link}/${r.id}`,
        },
      ];
    }),
    link,
  };
}

export const conventionsDashboard = dashboardSection({
  key: "conventions",
  reads: conventionsDashboardReads,
  section: conventionsDashboardSection,
});
