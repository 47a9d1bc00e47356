import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useId, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
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
  classOfFigure,
  figuresOf,
  isMappable,
  type MapClass,
  type MapMode,
  modeLabels,
  modesFor,
  noFigureLabel,
  quantileClasses,
  yesNoClasses,
} from "./indicatorMap";
import {
  compareCodes,
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
  // Quarter, indicator and mode live in the address: shareable, kept on reload and Back.
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set(name, value);
      return next;
    });
  const asked = params.get("trimestre") ?? "";
  const period = quarters.includes(asked) ? asked : (quarters[quarters.length - 1] ?? "");

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
          nativeSelectProps={{
            value: period,
            onChange: (e) => setParam("trimestre", e.target.value),
            name: "period",
          }}
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
      <IndicatorView
        period={period}
        quarters={quarters}
        code={params.get("indicateur") ?? ""}
        mode={params.get("mode") ?? ""}
        setParam={setParam}
      />
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

const figureFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** A stored answer as the table shows it. */
function answerText(raw: number | boolean | string | null, unit: string): string {
  if (typeof raw === "boolean") return raw ? "Oui" : "Non";
  if (typeof raw === "number") return formatMetric(raw, "sum", unit);
  return raw ?? "";
}

/**
 * One indicator across départements for the chosen quarter: the map (choropleth by quantile
 * classes, per capita for counts), its table, and the indicator's national evolution beside it.
 */
function IndicatorView({
  period,
  quarters,
  code: asked,
  mode: askedMode,
  setParam,
}: {
  period: string;
  quarters: string[];
  code: string;
  mode: string;
  setParam: (name: string, value: string) => void;
}) {
  const indicators = useLoad(nationalIndicators, []);
  const list = indicators.data ?? [];
  const code = list.some((i) => i.code === asked) ? asked : (list[0]?.code ?? "");
  const from = quarters[0] ?? "";
  const to = quarters[quarters.length - 1] ?? "";
  // One call gives the map's quarter and the evolution: the quarter is one of the eight.
  const series = useLoad(
    (signal) =>
      code
        ? api.get<NationalIndicator>(`/national/indicators/${encodeURIComponent(code)}`, { from, to }, signal)
        : Promise.resolve(null),
    [code, from, to],
  );
  const data = series.data?.indicator.code === code ? series.data : null;
  const unit = data?.indicator.unit ?? list.find((i) => i.code === code)?.unit ?? "count";
  const modes = modesFor(unit);
  const mode: MapMode = modes.includes(askedMode as MapMode) ? (askedMode as MapMode) : "valeur";
  const mapId = useId();

  const view = useMemo(() => {
    if (!data) return null;
    const figures = figuresOf(data, period, mode).sort((a, b) => compareCodes(a.code, b.code));
    const format = (v: number) =>
      mode === "habitants" ? figureFormat.format(v) : formatMetric(v, "sum", data.indicator.unit);
    const known = figures.flatMap((f) => (f.figure === null ? [] : [f.figure]));
    const classes: MapClass[] =
      data.indicator.unit === "yes_no" ? yesNoClasses(known) : quantileClasses(known, format);
    const entries = new Map<string, MapEntry>();
    for (const f of figures) {
      const c = classOfFigure(f.figure, classes);
      entries.set(f.code, {
        name: f.name,
        className: c?.key ?? "none",
        title: `${f.name} (${f.code}) : ${
          f.figure === null
            ? noFigureLabel(f, mode)
            : data.indicator.unit === "yes_no"
              ? answerText(f.raw, "yes_no")
              : format(f.figure)
        }${mode === "habitants" && f.figure !== null ? " pour 100 000 habitants" : ""}`,
      });
    }
    return { figures, classes, entries, format };
  }, [data, period, mode]);

  return (
    <section aria-labelledby="titre-indicateur" className="fr-mt-6w">
      <h2 id="titre-indicateur">Un indicateur dans les départements — {periodLabel(period)}</h2>
      <ErrorAlert error={indicators.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-8">
          <Select
            label="Indicateur"
            disabled={list.length === 0}
            nativeSelectProps={{
              value: code,
              onChange: (e) => setParam("indicateur", e.target.value),
              name: "indicator",
            }}
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
            label="Valeurs de la carte"
            hint={
              modes.length === 1 ? "Le calcul par habitant ne vaut que pour les dénombrements." : undefined
            }
            nativeSelectProps={{
              value: mode,
              onChange: (e) => setParam("mode", e.target.value),
              name: "mode",
              disabled: modes.length === 1,
            }}
          >
            {modes.map((m) => (
              <option key={m} value={m}>
                {modeLabels[m]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {series.loading && <Loading />}
      <ErrorAlert error={series.error} />
      {data && view && (
        <>
          <h3 className="fr-h5 fr-mt-3w">
            {data.indicator.code} — {data.indicator.label}
          </h3>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-lg-7">
              {isMappable(data.indicator.unit) ? (
                <>
                  <p id={mapId} className="fr-sr-only">
                    Carte de France des départements colorés selon {data.indicator.code} (
                    {modeLabels[mode].toLowerCase()}) au {periodLabel(period)}. Chaque département est un lien
                    vers son rapport ; les mêmes valeurs figurent dans le tableau qui suit.
                  </p>
                  <FranceMap
                    entries={view.entries}
                    labelledBy={mapId}
                    href={(department) => reportLink(department, period, data.indicator.code)}
                  />
                  <h4 className="fr-h6 fr-mt-2w">Légende</h4>
                  <MapLegend
                    classes={view.classes.map((c) => ({ key: c.key, label: `${c.label} (${c.count})` }))}
                    label={`Légende de la carte : ${data.indicator.code}, ${modeLabels[mode].toLowerCase()} (nombre de départements)`}
                  />
                  {view.classes.length === 0 && (
                    <p className="fr-text--bold">Aucun département n'a de valeur ce trimestre.</p>
                  )}
                </>
              ) : (
                <p className="fr-text--bold">
                  Réponse en texte libre : pas de carte, les réponses figurent dans le tableau qui suit.
                </p>
              )}
            </div>
            <div className="fr-col-12 fr-col-lg-5">
              <Evolution data={data} from={from} to={to} />
            </div>
          </div>
          <div className="fr-table fr-table--bordered fr-table--sm app-national__table fr-mt-2w">
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
            <table tabIndex={0}>
              <caption>
                {data.indicator.code} au {periodLabel(period)} par département ({view.figures.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Département</th>
                  <th scope="col">Valeur</th>
                  {modes.includes("habitants") && (
                    <>
                      <th scope="col">Population</th>
                      <th scope="col">{modeLabels.habitants}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {view.figures.map((f) => {
                  const raw = f.state === "value" ? answerText(f.raw, data.indicator.unit) : "";
                  const perHead =
                    typeof f.raw === "number" && f.population
                      ? figureFormat.format((f.raw / f.population) * 100_000)
                      : "—";
                  return (
                    <tr key={f.code} data-indicator-department={f.code}>
                      <th scope="row">
                        <Link to={reportLink(f.code, period, data.indicator.code)}>
                          {f.code} — {f.name}
                        </Link>
                      </th>
                      <td>{raw || noFigureLabel(f, "valeur")}</td>
                      {modes.includes("habitants") && (
                        <>
                          <td>{f.population === null ? "—" : figureFormat.format(f.population)}</td>
                          <td>{perHead}</td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The département's report for the quarter, opened at the indicator. */
const reportLink = (department: string, period: string, indicator: string) =>
  `/departements/${department}/trimestres/${period}?indicateur=${encodeURIComponent(indicator)}`;

function Evolution({ data, from, to }: { data: NationalIndicator; from: string; to: string }) {
  const [metricChoice, setMetricChoice] = useState<Metric | "">("");
  const code = data.indicator.code;
  const unit = data.indicator.unit;
  const metrics = metricsFor(unit);
  const metric: Metric =
    metricChoice && metrics.includes(metricChoice) ? metricChoice : (metrics[0] ?? "count");
  const label = metricLabel(metric, unit);
  const counted = metricUnit(metric, unit);
  const titleId = useId();
  const csv = withQuery(`/api/v1/national/indicators/${encodeURIComponent(code)}/values.csv`, { from, to });

  return (
    <>
      <h4 id={titleId} className="fr-h6">
        Évolution nationale de {code}
      </h4>
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
      <p id={`${titleId}-desc`} className="fr-text--sm">
        {label} ({counted}), du {periodLabel(from)} au {periodLabel(to)}. Les valeurs figurent dans le tableau
        sous le graphique.
      </p>
      {hasData(data.periods) ? (
        <EvolutionChart
          title={`Graphique en barres : ${code}`}
          points={data.periods}
          metric={metric}
          axisLabel={counted}
          format={(v) => formatMetric(v, metric, unit)}
          titleId={titleId}
          descId={`${titleId}-desc`}
        />
      ) : (
        <p className="fr-text--bold">Aucune donnée sur la période.</p>
      )}
      <div className="fr-table fr-table--bordered fr-table--sm fr-mt-2w">
        {/* Scrolls sideways on a phone: focusable so the keyboard can scroll it too. */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
        <table tabIndex={0}>
          <caption>Valeurs nationales de {code} par trimestre</caption>
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
            {data.periods.map((p) => {
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
  );
}
