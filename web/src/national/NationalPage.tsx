import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useId, useMemo, useState } from "react";
import { Link } from "react-router";
import { ApiError, api, withQuery } from "../api";
import { NationalGovernancePanel } from "../governance/NationalGovernancePanel";
import {
  closedQuarters,
  formatInstantDay,
  percent,
  periodLabel,
  periodShort,
  statusLabels,
  statusSeverity,
  todayInFrance,
} from "../reports/model";
import { useSession } from "../session";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { ContractsCoverage } from "./ContractsCoverage";
import { EvolutionChart } from "./EvolutionChart";
import { FranceMap, type MapEntry, MapLegend } from "./FranceMap";
import {
  formatMetric,
  hasData,
  type Metric,
  mapClassOf,
  metricLabel,
  metricsFor,
  metricUnit,
  metricValue,
  type NationalIndicator,
  type NationalReports,
  type SortDirection,
  type SortKey,
  sortRows,
} from "./model";
import "./national.css";

type CatalogueIndicator = {
  code: string;
  label: string;
  unit: string;
  measureNumber: number | null;
  retiredAt: string | null;
};

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <li className="app-stat">
      <span className="app-stat__value">{value}</span>
      <span className="app-stat__label">{label}</span>
    </li>
  );
}

export function NationalPage() {
  usePageTitle("Vue nationale");
  const { me } = useSession();
  const isNational = me?.memberships.some((m) => m.role === "national") ?? false;
  const quarters = useMemo(() => closedQuarters(todayInFrance(), 8), []);
  const [period, setPeriod] = useState(quarters[quarters.length - 1] ?? "");

  if (!isNational) {
    return (
      <>
        <h1>Vue nationale</h1>
        <ErrorAlert
          error={new ApiError(403, { detail: "Cette page est réservée à l'administration centrale." })}
        />
      </>
    );
  }
  return (
    <>
      <h1>Vue nationale</h1>
      <p className="fr-text--lead">
        Avancement des rapports trimestriels de chaque département, contrats locaux en vigueur et évolution
        des indicateurs nationaux.
      </p>
      <div className="fr-col-12 fr-col-md-4">
        <Select
          label="Trimestre"
          nativeSelectProps={{ value: period, onChange: (e) => setPeriod(e.target.value), name: "period" }}
        >
          {[...quarters].reverse().map((q) => (
            <option key={q} value={q}>
              {periodLabel(q)}
            </option>
          ))}
        </Select>
      </div>
      <Completeness period={period} />
      <ContractsCoverage period={period} />
      <Evolution quarters={quarters} />
      <NationalGovernancePanel />
    </>
  );
}

function Completeness({ period }: { period: string }) {
  const data = useLoad(
    (signal) => api.get<NationalReports>("/national/reports", { period }, signal),
    [period],
  );
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({
    key: "code",
    direction: "ascending",
  });
  const captionId = useId();
  const rows = useMemo(
    () => (data.data ? sortRows(data.data.items, sort.key, sort.direction) : []),
    [data.data, sort],
  );
  const entries = useMemo(() => {
    const m = new Map<string, MapEntry>();
    for (const r of data.data?.items ?? []) {
      m.set(r.departmentCode, {
        name: r.departmentName,
        className: mapClassOf(r),
        title: r.started
          ? `${r.departmentName} (${r.departmentCode}) : ${percent(r.completeness)}, ${statusLabels[r.status].toLowerCase()}`
          : `${r.departmentName} (${r.departmentCode}) : non commencé`,
      });
    }
    return m;
  }, [data.data]);

  const sortBy = (key: SortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === "ascending" ? "descending" : "ascending" }
        : { key, direction: key === "completeness" ? "descending" : "ascending" },
    );
  const ariaSort = (key: SortKey) => (sort.key === key ? sort.direction : "none");
  const sortButton = (key: SortKey, label: string) => (
    <button type="button" className="app-sort" onClick={() => sortBy(key)}>
      {label}
      <span
        className={`fr-icon--sm fr-ml-1v ${sort.key !== key ? "fr-icon-arrow-up-down-line" : sort.direction === "ascending" ? "fr-icon-arrow-up-line" : "fr-icon-arrow-down-line"}`}
        aria-hidden="true"
      />
      <span className="fr-sr-only">
        {sort.key === key
          ? sort.direction === "ascending"
            ? " (tri croissant, activer pour trier par ordre décroissant)"
            : " (tri décroissant, activer pour trier par ordre croissant)"
          : " (activer pour trier)"}
      </span>
    </button>
  );

  const s = data.data?.summary;
  return (
    <section aria-labelledby="titre-completude" className="fr-mt-3w">
      <h2 id="titre-completude">Complétude des rapports — {periodLabel(period)}</h2>
      {data.loading && <Loading />}
      <ErrorAlert error={data.error} />
      {s && (
        <ul className="app-stats fr-mb-4w">
          <Stat label="départements" value={String(s.departments)} />
          <Stat label="rapports soumis" value={String(s.submitted)} />
          <Stat label="rapports validés" value={String(s.validated)} />
          <Stat label="en retard" value={String(s.late)} />
          <Stat
            label="à l'heure (rapports soumis ou échus)"
            value={s.onTimeRate === null ? "—" : percent(s.onTimeRate)}
          />
          <Stat label="complétude moyenne" value={percent(s.meanCompleteness)} />
        </ul>
      )}
      {data.data && (
        <>
          <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
            <div className="fr-col-12 fr-col-lg-8">
              <p id={`${captionId}-map`} className="fr-sr-only">
                Carte de France des départements colorés selon la complétude de leur rapport du{" "}
                {periodLabel(period)}. Les mêmes informations figurent dans le tableau qui suit.
              </p>
              <FranceMap entries={entries} labelledBy={`${captionId}-map`} />
            </div>
            <div className="fr-col-12 fr-col-lg-4">
              <h3 className="fr-h6">Légende</h3>
              <MapLegend />
              <p className="fr-text--sm">
                Survolez un département pour lire son nom et sa complétude ; le tableau ci-dessous donne le
                détail.
              </p>
            </div>
          </div>
          <div className="fr-table fr-table--bordered fr-table--sm app-national__table">
            <table>
              <caption id={captionId}>
                Rapports du {periodLabel(period)} par département ({rows.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col" aria-sort={ariaSort("code")}>
                    {sortButton("code", "Département")}
                  </th>
                  <th scope="col">Statut</th>
                  <th scope="col" aria-sort={ariaSort("completeness")}>
                    {sortButton("completeness", "Complétude")}
                  </th>
                  <th scope="col">Soumis le</th>
                  <th scope="col">Validé le</th>
                  <th scope="col">Ponctualité</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.departmentCode} data-department={r.departmentCode}>
                    <th scope="row">
                      <Link to={`/departements/${r.departmentCode}/trimestres/${period}`}>
                        {r.departmentCode} — {r.departmentName}
                      </Link>
                    </th>
                    <td>
                      {r.started ? (
                        <Badge severity={statusSeverity[r.status]} small noIcon>
                          {statusLabels[r.status]}
                        </Badge>
                      ) : (
                        <Badge small noIcon>
                          Non commencé
                        </Badge>
                      )}
                    </td>
                    <td>{percent(r.completeness)}</td>
                    <td>{formatInstantDay(r.submittedAt) || "—"}</td>
                    <td>{formatInstantDay(r.validatedAt) || "—"}</td>
                    <td>
                      {r.onTime === false ? (
                        <Badge severity="error" small>
                          En retard
                        </Badge>
                      ) : r.onTime === true ? (
                        <Badge severity="success" small>
                          À l'heure
                        </Badge>
                      ) : (
                        "En attente"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** National indicators: the catalogue API, else the indicators of a report (any département reads the same national ones). */
async function nationalIndicators(signal: AbortSignal): Promise<CatalogueIndicator[]> {
  try {
    const { items } = await api.get<{ items: CatalogueIndicator[] }>("/indicators", undefined, signal);
    return items.filter((i) => !i.retiredAt);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    const period = closedQuarters(todayInFrance(), 1)[0] ?? "";
    const report = await api.get<{ items: (CatalogueIndicator & { scope: string; indicator: string })[] }>(
      `/departments/75/periods/${period}/report`,
      undefined,
      signal,
    );
    return report.items
      .filter((i) => i.scope === "national")
      .map((i) => ({
        code: i.indicator,
        label: i.label,
        unit: i.unit,
        measureNumber: i.measureNumber,
        retiredAt: null,
      }));
  }
}

function Evolution({ quarters }: { quarters: string[] }) {
  const indicators = useLoad(nationalIndicators, []);
  const [chosen, setChosen] = useState("");
  const [metricChoice, setMetricChoice] = useState<Metric | "">("");
  const list = indicators.data ?? [];
  const code = chosen || list[0]?.code || "";
  const from = quarters[0] ?? "";
  const to = quarters[quarters.length - 1] ?? "";
  const series = useLoad(
    (signal) =>
      code
        ? api.get<NationalIndicator>(`/national/indicators/${encodeURIComponent(code)}`, { from, to }, signal)
        : Promise.resolve(null),
    [code, from, to],
  );
  const unit = series.data?.indicator.unit ?? list.find((i) => i.code === code)?.unit ?? "count";
  const metrics = metricsFor(unit);
  const metric: Metric =
    metricChoice && metrics.includes(metricChoice) ? metricChoice : (metrics[0] ?? "count");
  const label = metricLabel(metric, unit);
  const counted = metricUnit(metric, unit);
  const titleId = useId();
  const csv = withQuery(`/api/v1/national/indicators/${encodeURIComponent(code)}/values.csv`, { from, to });

  return (
    <section aria-labelledby="titre-evolution" className="fr-mt-6w">
      <h2 id="titre-evolution">Évolution d'un indicateur national</h2>
      <ErrorAlert error={indicators.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-8">
          <Select
            label="Indicateur"
            disabled={list.length === 0}
            nativeSelectProps={{ value: code, onChange: (e) => setChosen(e.target.value), name: "indicator" }}
          >
            {list.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} — {i.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Mesure affichée"
            nativeSelectProps={{
              value: metric,
              onChange: (e) => setMetricChoice(e.target.value as Metric),
              name: "metric",
            }}
          >
            {metrics.map((m) => (
              <option key={m} value={m}>
                {metricLabel(m, unit)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {series.loading && <Loading />}
      <ErrorAlert error={series.error} />
      {series.data && (
        <>
          <h3 id={titleId} className="fr-h5 fr-mt-3w">
            {series.data.indicator.code} — {series.data.indicator.label}
          </h3>
          <p id={`${titleId}-desc`} className="fr-text--sm">
            {label} ({counted}), du {periodLabel(from)} au {periodLabel(to)}. Les valeurs figurent dans le
            tableau sous le graphique.
          </p>
          {hasData(series.data.periods) ? (
            <EvolutionChart
              title={`Graphique en barres : ${series.data.indicator.code}`}
              points={series.data.periods}
              metric={metric}
              axisLabel={counted}
              format={(v) => formatMetric(v, metric, unit)}
              titleId={titleId}
              descId={`${titleId}-desc`}
            />
          ) : (
            <p className="fr-text--bold">Aucune donnée sur la période.</p>
          )}
          <div className="fr-table fr-table--bordered fr-mt-2w">
            {/* Scrolls sideways on a phone: focusable so the keyboard can scroll it too. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
            <table tabIndex={0}>
              <caption>Valeurs de {series.data.indicator.code} par trimestre</caption>
              <thead>
                <tr>
                  <th scope="col">Trimestre</th>
                  <th scope="col">
                    {label} ({counted})
                  </th>
                  {metric !== "count" && <th scope="col">Départements répondants</th>}
                  <th scope="col">Non applicable</th>
                  <th scope="col">Non disponible</th>
                  <th scope="col">Sans réponse</th>
                </tr>
              </thead>
              <tbody>
                {series.data.periods.map((p) => {
                  const v = metricValue(p, metric);
                  return (
                    <tr key={p.period}>
                      <th scope="row">{periodShort(p.period)}</th>
                      {p.expected === false ? (
                        <td colSpan={metric !== "count" ? 5 : 4}>
                          Non demandé (indicateur annuel, demandé au 4e trimestre)
                        </td>
                      ) : (
                        <>
                          <td>{v === null ? "—" : formatMetric(v, metric, unit)}</td>
                          {metric !== "count" && <td>{p.count}</td>}
                          <td>{p.notApplicable}</td>
                          <td>{p.notAvailable}</td>
                          <td>{p.missing}</td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <a className="fr-link fr-icon-download-line fr-link--icon-left" href={csv} download>
            Télécharger les valeurs de chaque département (CSV)
          </a>
        </>
      )}
    </section>
  );
}
