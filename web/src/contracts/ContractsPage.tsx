import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Table } from "@codegouvfr/react-dsfr/Table";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import {
  CONTRACT_STATUSES,
  type ContractListItem,
  type Coverage,
  contractStatusLabels,
} from "../../../shared/contracts";
import type { Commune } from "../../../shared/departments";
import type { Organisation } from "../../../shared/organisation";
import { api, messageOf, type Page, withQuery } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusWhenShown } from "../ui/focus";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { Picker, type PickerOption } from "../ui/Picker";
import { apiUrl, contractsPath } from "./api";
import { frenchDate, percent, population, statusSeverity } from "./model";

const PAGE_SIZE = 25;

/** Communes and EPCIs of the département: the organisations that can carry a contract. */
export async function carriersOf(code: string, signal?: AbortSignal): Promise<Organisation[]> {
  const pages = await Promise.all(
    (["epci", "commune"] as const).map((kind) =>
      api.get<Page<Organisation>>(
        `/departments/${code}/organisations`,
        { kind, limit: 100, archived: "false" },
        signal,
      ),
    ),
  );
  return pages.flatMap((p) => p.items);
}

export const searchCommunes = (code: string) => async (q: string, signal: AbortSignal) => {
  const { items } = await api.get<{ items: Commune[] }>(
    `/departments/${code}/communes`,
    { q, limit: 10 },
    signal,
  );
  return items.map((c) => ({ value: c.inseeCode, label: `${c.name} (${c.inseeCode})` }));
};

function CoverageFigure({ code }: { code: string }) {
  const coverage = useLoad(
    (signal) => api.get<Coverage>(`/departments/${code}/contract-coverage`, undefined, signal),
    [code],
  );
  const c = coverage.data;
  if (coverage.error) return <ErrorAlert error={coverage.error} title="Couverture indisponible" />;
  if (!c) return <Loading label="Calcul de la couverture…" />;
  return (
    <section className="fr-callout fr-mb-4w" aria-labelledby="couverture">
      <h2 id="couverture" className="fr-callout__title fr-h5">
        Couverture au {frenchDate(c.on)}
      </h2>
      <p className="fr-callout__text">
        <strong>{percent(c.share)}</strong> de la population du département couverte par un contrat en vigueur
        : {population(c.coveredPopulation)} habitants sur {population(c.population)}.
      </p>
      <p className="fr-text--sm fr-mb-0">
        {c.contractsInForce} contrat{c.contractsInForce > 1 ? "s" : ""} en vigueur, {c.partners} organisation
        {c.partners > 1 ? "s" : ""} partenaire{c.partners > 1 ? "s" : ""}.
      </p>
    </section>
  );
}

export function ContractsPage() {
  usePageTitle("Contrats locaux");
  const { code = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [notice] = useState((location.state as { notice?: string } | null)?.notice);
  useEffect(() => {
    if ((location.state as { notice?: string } | null)?.notice)
      navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [location, navigate]);
  const { me } = useSession();
  const department = useDepartment(code);
  const isMember = rolesIn(me, code).includes("member");
  const [status, setStatus] = useState("");
  const [carrier, setCarrier] = useState("");
  const [commune, setCommune] = useState<PickerOption | null>(null);
  const [endingBefore, setEndingBefore] = useState("");
  const filters = { status, carrier, commune: commune?.value, endingBefore };
  const carriers = useLoad((signal) => carriersOf(code, signal), [code]);

  /** Bumped by every new first page: a "Voir plus" answer for older filters is dropped. */
  const generation = useRef(0);
  const loadingMore = useRef(false);
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState<{ items: ContractListItem[]; nextCursor: string | null; error: string }>({
    items: [],
    nextCursor: null,
    error: "",
  });
  const first = useLoad(
    async (signal) => {
      const page = await api.get<Page<ContractListItem>>(
        contractsPath(code),
        { limit: PAGE_SIZE, ...filters },
        signal,
      );
      generation.current++;
      setMore({ items: [], nextCursor: page.nextCursor, error: "" });
      return page;
    },
    [code, status, carrier, commune?.value, endingBefore],
  );
  const rows = [...(first.data?.items ?? []), ...more.items];

  const loadMore = async () => {
    if (!more.nextCursor || loadingMore.current) return;
    loadingMore.current = true;
    setBusy(true);
    const asked = generation.current;
    const firstNew = rows.length;
    try {
      const page = await api.get<Page<ContractListItem>>(contractsPath(code), {
        limit: PAGE_SIZE,
        ...filters,
        cursor: more.nextCursor,
      });
      if (asked !== generation.current) return;
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor, error: "" }));
      focusWhenShown(() =>
        document
          .querySelectorAll<HTMLElement>(".app-contracts tbody tr")
          [firstNew]?.querySelector<HTMLElement>("a"),
      );
    } catch (error) {
      if (asked === generation.current) setMore((m) => ({ ...m, error: messageOf(error) }));
    } finally {
      loadingMore.current = false;
      setBusy(false);
    }
  };

  const d = department.data;
  return (
    <>
      <DepartmentBreadcrumb code={code} name={d?.name} current="Contrats locaux" />
      <h1>Contrats locaux{d ? ` — ${d.name}` : ""}</h1>
      <p className="fr-text--lead">
        Contrats locaux de mobilisation et de coordination contre les violences sexistes et sexuelles, portés
        par les communes et intercommunalités dotées d'un CLSPD ou d'un CISPD.
      </p>
      {notice && <Alert className="fr-mb-3w" severity="success" small description={notice} />}
      <CoverageFigure code={code} />
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        {isMember && (
          <li>
            <Link className="fr-btn fr-icon-add-line" to="nouveau">
              Nouveau contrat
            </Link>
          </li>
        )}
        <li>
          <a
            className="fr-btn fr-btn--secondary fr-icon-download-line"
            href={withQuery(apiUrl(`${contractsPath(code)}.csv`), filters)}
            download
          >
            Télécharger la liste (CSV)
          </a>
        </li>
      </ul>
      <search aria-label="Filtrer les contrats">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Statut"
              nativeSelectProps={{
                name: "status",
                value: status,
                onChange: (e) => setStatus(e.target.value),
              }}
            >
              <option value="">Tous les statuts</option>
              {CONTRACT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {contractStatusLabels[s]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Porteur"
              nativeSelectProps={{
                name: "carrier",
                value: carrier,
                onChange: (e) => setCarrier(e.target.value),
              }}
            >
              <option value="">Tous les porteurs</option>
              {(carriers.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Picker
              name="commune"
              label="Commune couverte"
              search={searchCommunes(code)}
              selected={commune}
              onSelect={setCommune}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Fin avant le"
              nativeInputProps={{
                type: "date",
                name: "endingBefore",
                value: endingBefore,
                onChange: (e) => setEndingBefore(e.target.value),
              }}
            />
          </div>
        </div>
      </search>
      <ErrorAlert error={first.error} />
      {first.loading && <Loading />}
      {first.data && rows.length === 0 && <p>Aucun contrat ne correspond à ces critères.</p>}
      {rows.length > 0 && (
        <Table
          className="app-contracts"
          caption={`Contrats du département (${rows.length}${more.nextCursor ? " affichés" : ""})`}
          headers={["Intitulé", "Porteur", "Statut", "Signatures", "Période", "Population couverte"]}
          data={rows.map((c) => [
            <Link key="title" to={c.id}>
              {c.title}
            </Link>,
            c.carrier.name,
            <Badge key="status" severity={statusSeverity[c.status]} small noIcon>
              {contractStatusLabels[c.status]}
            </Badge>,
            `${c.signed} sur ${c.signatories}`,
            c.startsOn || c.endsOn ? `${frenchDate(c.startsOn)} → ${frenchDate(c.endsOn)}` : "—",
            `${population(c.population)} (${c.communes} commune${c.communes > 1 ? "s" : ""})`,
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
          {busy ? "Chargement…" : "Voir plus"}
        </Button>
      )}
    </>
  );
}
