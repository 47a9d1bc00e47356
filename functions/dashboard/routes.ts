import { DashboardSchema } from "../../shared/dashboard";
import { parisDate } from "../../shared/periods";
import { access } from "../platform/access";
import type { Tenant } from "../platform/context";
import type { DashboardRegistry, DashboardScope } from "../platform/dashboard";
import { createRouter, defineRoute, jsonContent } from "../platform/openapi";
import { departmentParams } from "../platform/params";

/**
 * The département's dashboard: what must be done now. The sections come from the capabilities
 * (functions/dashboard-sections.ts, handed over by app.ts); this capability knows none of them.
 * The prefecture and national users see the whole département; a member (with no prefecture
 * membership there) sees their own organisations' part only.
 */
export function dashboardScope(tenant: Tenant, userId: string, now: Date): DashboardScope {
  const wholeDepartment = tenant.roles.includes("prefecture") || tenant.roles.includes("national");
  return {
    departmentCode: tenant.departmentCode,
    organisationIds: wholeDepartment ? null : tenant.organisationIds,
    userId,
    today: parisDate(now),
    now: now.toISOString(),
  };
}

export const dashboardRoutes = (sections: DashboardRegistry) =>
  createRouter().openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/dashboard",
      operationId: "getDepartmentDashboard",
      tags: ["Tableau de bord"],
      summary: "Le tableau de bord du département : ce qu'il faut faire maintenant",
      description:
        "Rapport du trimestre (statut, échéance, complétude, organisations qui n'ont pas répondu), conformité de la gouvernance et prochaine réunion, actions à échéance, contrats arrivant à terme, conventions en attente de signature, dernières relances. Un membre n'y voit que la part de ses organisations. Une requête D1 groupée après l'identification.",
      access: access.department("member", "prefecture", "national"),
      request: { params: departmentParams },
      responses: { 200: jsonContent(DashboardSchema, "Le tableau de bord") },
    }),
    async (c) => {
      const tenant = c.get("tenant");
      const principal = c.get("principal");
      const scope = dashboardScope(tenant, principal?.userId ?? "", c.get("services").clock.now());
      const read = await sections.read(c.get("db"), scope);
      return c.json(
        {
          departmentCode: scope.departmentCode,
          today: scope.today,
          scope: scope.organisationIds === null ? ("department" as const) : ("organisation" as const),
          organisationIds: scope.organisationIds ? [...scope.organisationIds] : [],
          sections: read,
        },
        200,
      );
    },
  );
