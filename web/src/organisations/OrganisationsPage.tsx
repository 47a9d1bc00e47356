import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Table } from "@codegouvfr/react-dsfr/Table";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import type { Organisation } from "../../../shared/organisation";
import type { Page } from "../api";
import { api, messageOf } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { canManageOrganisations, rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusWhenShown } from "../ui/focus";
import { useDebounced, useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { identifierOf } from "./identifier";
import { kindLabel, organisationKindLabels, organisationKinds } from "./kinds";

const PAGE_SIZE = 50;

export function OrganisationsPage() {
  usePageTitle("Organisations");
  const { code = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // Shown once: kept here, then dropped from the history entry so a reload does not show it again.
  const [notice] = useState((location.state as { notice?: string } | null)?.notice);
  useEffect(() => {
    if ((location.state as { notice?: string } | null)?.notice)
      navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [location, navigate]);
  const { me } = useSession();
  const department = useDepartment(code);
  const canManage = canManageOrganisations(rolesIn(me, code));
  const [kind, setKind] = useState("");
  const [search, setSearch] = useState("");
  const [archived, setArchived] = useState(false);
  const q = useDebounced(search.trim());
  /** Bumped by every new first page: a "Charger plus" answer for older filters is dropped. */
  const generation = useRef(0);
  const loadingMore = useRef(false);
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState<{ items: Organisation[]; nextCursor: string | null; error: string }>({
    items: [],
    nextCursor: null,
    error: "",
  });

  const first = useLoad(
    async (signal) => {
      const page = await api.get<Page<Organisation>>(
        `/departments/${code}/organisations`,
        { limit: PAGE_SIZE, kind, q, archived: archived ? undefined : "false" },
        signal,
      );
      generation.current++;
      setMore({ items: [], nextCursor: page.nextCursor, error: "" });
      return page;
    },
    [code, kind, q, archived],
  );

  const loadMore = async () => {
    if (!more.nextCursor || loadingMore.current) return;
    loadingMore.current = true;
    setBusy(true);
    const asked = generation.current;
    const firstNew = rows.length;
    try {
      const page = await api.get<Page<Organisation>>(`/departments/${code}/organisations`, {
        limit: PAGE_SIZE,
        kind,
        q,
        archived: archived ? undefined : "false",
        cursor: more.nextCursor,
      });
      if (asked !== generation.current) return;
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor, error: "" }));
      // The button may be gone (last page): focus goes to the first organisation just loaded.
      focusWhenShown(() =>
        document
          .querySelectorAll<HTMLElement>(".app-organisations tbody tr")
          [firstNew]?.querySelector<HTMLElement>("a"),
      );
    } catch (error) {
      if (asked === generation.current) setMore((m) => ({ ...m, error: messageOf(error) }));
    } finally {
      loadingMore.current = false;
      setBusy(false);
    }
  };

  const rows = [...(first.data?.items ?? []), ...more.items];
  const d = department.data;

  return (
    <>
      <DepartmentBreadcrumb code={code} name={d?.name} current="Organisations" />
      <h1>Organisations{d ? ` — ${d.name}` : ""}</h1>
      {notice && <Alert className="fr-mb-3w" severity="success" small description={notice} />}
      {canManage && (
        <p>
          <Link className="fr-btn fr-icon-add-line fr-btn--icon-left" to="nouvelle">
            Ajouter une organisation
          </Link>
        </p>
      )}
      <search aria-label="Filtrer les organisations">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-4">
            <Select
              label="Type"
              nativeSelectProps={{ value: kind, onChange: (e) => setKind(e.target.value), name: "kind" }}
            >
              <option value="">Tous les types</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k}>
                  {organisationKindLabels[k]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-5">
            <Input
              label="Rechercher"
              hintText="Nom ou identifiant"
              nativeInputProps={{
                type: "search",
                name: "q",
                value: search,
                onChange: (e) => setSearch(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Checkbox
              small
              options={[
                {
                  label: "Afficher les archivées",
                  nativeInputProps: { checked: archived, onChange: (e) => setArchived(e.target.checked) },
                },
              ]}
            />
          </div>
        </div>
      </search>
      <ErrorAlert error={first.error} />
      {first.loading && <Loading />}
      {first.data && rows.length === 0 && <p>Aucune organisation ne correspond à ces critères.</p>}
      {rows.length > 0 && (
        <Table
          className="app-organisations"
          caption={`Organisations du département (${rows.length}${more.nextCursor ? " affichées" : ""})`}
          headers={["Nom", "Type", "Identifiant", "Statut"]}
          data={rows.map((o) => [
            <Link key="name" to={o.id}>
              {o.name}
            </Link>,
            kindLabel(o.kind),
            identifierOf(o),
            o.archivedAt ? (
              <Badge key="status" severity="warning" small>
                Archivée
              </Badge>
            ) : (
              <Badge key="status" severity="success" small>
                Active
              </Badge>
            ),
          ])}
        />
      )}
      {more.error && (
        <p className="fr-error-text" role="alert">
          {more.error}
        </p>
      )}
      {more.nextCursor && (
        <Button priority="secondary" type="button" disabled={busy} onClick={() => void loadMore()}>
          {busy ? "Chargement…" : "Charger plus"}
        </Button>
      )}
    </>
  );
}
