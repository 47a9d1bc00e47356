import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Tag } from "@codegouvfr/react-dsfr/Tag";
import { useRef, useState } from "react";
import { Link, useParams } from "react-router";
import {
  OFFER_STATUSES,
  type Offer,
  type OfferPage,
  offerStatusLabels,
  PROFESSIONS,
  type Profession,
  professionLabels,
} from "../../../shared/placements";
import { api, messageOf } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { halfDaysText, placesText, scheduleText } from "./format";

const PAGE_SIZE = 20;
const statusSeverity = { draft: "new", published: "success", full: "warning", closed: "info" } as const;

export function StatusBadge({ status }: { status: Offer["status"] }) {
  return (
    <Badge severity={statusSeverity[status]} small noIcon>
      {offerStatusLabels[status]}
    </Badge>
  );
}

/** The offer board: filters, the count per profession, the offers (cursor pages). */
export function BoardPage() {
  usePageTitle("Stages croisés");
  const { code = "" } = useParams();
  const { me } = useSession();
  const department = useDepartment(code);
  const hasOrganisation = (me?.memberships ?? []).some((m) => m.departmentCode === code && m.organisationId);
  const [profession, setProfession] = useState<Profession | "">("");
  const [status, setStatus] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const generation = useRef(0);
  const [more, setMore] = useState<{ items: Offer[]; nextCursor: string | null; error: string }>({
    items: [],
    nextCursor: null,
    error: "",
  });
  const [busy, setBusy] = useState(false);
  const query = { profession, status, from, to, limit: PAGE_SIZE };

  const first = useLoad(
    async (signal) => {
      const page = await api.get<OfferPage>(`/departments/${code}/placements`, query, signal);
      generation.current++;
      setMore({ items: [], nextCursor: page.nextCursor, error: "" });
      return page;
    },
    [code, profession, status, from, to],
  );

  const loadMore = async () => {
    if (!more.nextCursor || busy) return;
    setBusy(true);
    const asked = generation.current;
    try {
      const page = await api.get<OfferPage>(`/departments/${code}/placements`, {
        ...query,
        cursor: more.nextCursor,
      });
      if (asked === generation.current)
        setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor, error: "" }));
    } catch (error) {
      if (asked === generation.current) setMore((m) => ({ ...m, error: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const offers = [...(first.data?.items ?? []), ...more.items];
  const counts: Partial<Record<Profession, number>> = first.data?.byProfession ?? {};
  const d = department.data;

  return (
    <>
      <DepartmentBreadcrumb code={code} name={d?.name} current="Stages croisés" />
      <h1>Stages croisés{d ? ` — ${d.name}` : ""}</h1>
      <p className="fr-text--lead">
        Des professionnels qui rencontrent les mêmes situations de violences découvrent les missions et les
        procédures les uns des autres, le temps de quelques demi-journées.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        {hasOrganisation && (
          <li>
            <Link className="fr-btn fr-icon-add-line" to="nouvelle">
              Proposer un stage
            </Link>
          </li>
        )}
        {hasOrganisation && (
          <li>
            <Link className="fr-btn fr-btn--secondary fr-icon-inbox-line" to="candidatures">
              Candidatures
            </Link>
          </li>
        )}
      </ul>
      <search aria-label="Filtrer les offres">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Profession"
              nativeSelectProps={{
                name: "profession",
                value: profession,
                onChange: (e) => setProfession(e.target.value as Profession | ""),
              }}
            >
              <option value="">Toutes les professions</option>
              {PROFESSIONS.map((p) => (
                <option key={p} value={p}>
                  {professionLabels[p]}
                </option>
              ))}
            </Select>
          </div>
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
              {OFFER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {offerStatusLabels[s]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <Input
              label="À partir du"
              nativeInputProps={{
                type: "date",
                name: "from",
                value: from,
                onChange: (e) => setFrom(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <Input
              label="Jusqu'au"
              nativeInputProps={{
                type: "date",
                name: "to",
                value: to,
                onChange: (e) => setTo(e.target.value),
              }}
            />
          </div>
        </div>
      </search>
      <section aria-labelledby="by-profession" className="fr-mb-3w">
        <h2 id="by-profession" className="fr-h6 fr-mb-1w">
          Offres par profession
        </h2>
        <ul className="fr-tags-group">
          {PROFESSIONS.filter((p) => (counts[p] ?? 0) > 0).map((p) => (
            <li key={p}>
              <Tag
                small
                pressed={profession === p}
                nativeButtonProps={{ onClick: () => setProfession(profession === p ? "" : p) }}
              >
                {`${professionLabels[p]} : ${counts[p]}`}
              </Tag>
            </li>
          ))}
        </ul>
      </section>
      <ErrorAlert error={first.error} />
      {first.loading && <Loading />}
      {first.data && offers.length === 0 && <p>Aucune offre ne correspond à ces critères.</p>}
      {first.data && offers.length > 0 && (
        <p className="fr-text--sm">
          {first.data.total} offre{first.data.total > 1 ? "s" : ""}
        </p>
      )}
      <ul className="fr-raw-list app-offers">
        {offers.map((o) => (
          <li key={o.id} className="fr-card fr-card--horizontal fr-mb-2w fr-enlarge-link">
            <div className="fr-card__body">
              <div className="fr-card__content">
                <h3 className="fr-card__title">
                  <Link to={o.id}>{o.title}</Link>
                </h3>
                <p className="fr-card__desc">
                  {o.host.name} — {o.service}, {o.commune.name}. {halfDaysText(o.halfDays)}{" "}
                  {scheduleText(o.schedule)}.
                </p>
                <div className="fr-card__start">
                  <ul className="fr-badges-group">
                    <li>
                      <StatusBadge status={o.status} />
                    </li>
                    {o.professions.map((p) => (
                      <li key={p}>
                        <Badge small noIcon>
                          {professionLabels[p]}
                        </Badge>
                      </li>
                    ))}
                  </ul>
                </div>
                <div className="fr-card__end">
                  <p className="fr-card__detail">{placesText(o)}</p>
                </div>
              </div>
            </div>
          </li>
        ))}
      </ul>
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
