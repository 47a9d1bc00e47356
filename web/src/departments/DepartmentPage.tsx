import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { lazy, Suspense } from "react";
import { useParams } from "react-router";
import type { Department } from "../../../shared/departments";
import { api } from "../api";
import { roleLabels, rolesIn, useSession } from "../session";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { LoadFailure, statusOf } from "../ui/StatusPage";

export function useDepartment(code: string) {
  return useLoad((signal) => api.get<Department>(`/departments/${code}`, undefined, signal), [code]);
}

// The dashboard is the home's content (web/src/dashboard/): its own chunk, so the pages that only
// need useDepartment() do not load it.
const DashboardPage = lazy(async () => ({
  default: (await import("../dashboard/DashboardPage")).DashboardPage,
}));

export function DepartmentPage() {
  const { code = "" } = useParams();
  const { me } = useSession();
  const department = useDepartment(code);
  const d = department.data;
  usePageTitle(d ? `${d.name} (${d.code})` : statusOf(department.error) ? null : "Département");
  const roles = rolesIn(me, code);

  if (department.loading) return <Loading />;
  if (!d) return <LoadFailure error={department.error} onRetry={department.reload} title="Département" />;
  return (
    <>
      <h1>
        {d.name} ({d.code})
      </h1>
      <p className="fr-text--lead">Région {d.regionName}</p>
      <p>
        Votre rôle :{" "}
        {roles.map((role) => (
          <Badge key={role} severity="info" className="fr-mr-1w" noIcon>
            {roleLabels[role]}
          </Badge>
        ))}
      </p>
      <Suspense fallback={<Loading />}>
        <DashboardPage code={d.code} />
      </Suspense>
    </>
  );
}
