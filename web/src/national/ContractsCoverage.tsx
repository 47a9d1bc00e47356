import { useId, useMemo } from "react";
import { Link } from "react-router";
import { periodEnd } from "../../../shared/period-calendar";
import { api } from "../api";
import { periodLabel } from "../reports/model";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { FranceMap, type MapEntry, MapLegend } from "./FranceMap";
import {
  compareCodes,
  coverageClasses,
  coverageClassOf,
  type NationalContracts,
  sharePercent,
} from "./model";

const numberFormat = new Intl.NumberFormat("fr-FR");
const contractsOf = (code: string) => `/departements/${code}/contrats`;

const contractsText = (n: number) =>
  n === 0 ? "aucun contrat en vigueur" : `${n} contrat${n > 1 ? "s" : ""} en vigueur`;

/**
 * Local contracts against sexist and sexual violence in every département on the last day of the
 * quarter shown: the map coloured by the share of the population covered (each département a link
 * to its contracts) and the table that is its text alternative.
 */
export function ContractsCoverage({ period }: { period: string }) {
  const on = periodEnd(period);
  const onLabel = new Date(`${on}T12:00:00Z`).toLocaleDateString("fr-FR", {
    dateStyle: "long",
    timeZone: "UTC",
  });
  const data = useLoad((signal) => api.get<NationalContracts>("/national/contracts", { on }, signal), [on]);
  const captionId = useId();
  const rows = useMemo(
    () => [...(data.data?.items ?? [])].sort((a, b) => compareCodes(a.departmentCode, b.departmentCode)),
    [data.data],
  );
  const entries = useMemo(() => {
    const m = new Map<string, MapEntry>();
    for (const r of rows)
      m.set(r.departmentCode, {
        name: r.departmentName,
        className: coverageClassOf(r),
        title: `${r.departmentName} (${r.departmentCode}) : ${contractsText(r.contractsInForce)}${
          r.contractsInForce > 0 ? `, ${sharePercent(r.share)} de la population couverte` : ""
        }`,
      });
    return m;
  }, [rows]);
  const s = data.data?.summary;

  return (
    <section aria-labelledby="titre-contrats" className="fr-mt-6w">
      <h2 id="titre-contrats">Contrats locaux contre les violences sexistes et sexuelles</h2>
      <p>
        Contrats en vigueur au {onLabel} (fin du {periodLabel(period)}), partenaires qu'ils réunissent et part
        de la population des communes couvertes.
      </p>
      {data.loading && <Loading />}
      <ErrorAlert error={data.error} />
      {s && (
        <ul className="app-stats fr-mb-4w">
          <li className="app-stat">
            <span className="app-stat__value">{numberFormat.format(s.contractsInForce)}</span>
            <span className="app-stat__label">contrats en vigueur</span>
          </li>
          <li className="app-stat">
            <span className="app-stat__value">
              {s.departmentsWithContract} / {s.departments}
            </span>
            <span className="app-stat__label">départements ayant au moins un contrat</span>
          </li>
          <li className="app-stat">
            <span className="app-stat__value">{sharePercent(s.share)}</span>
            <span className="app-stat__label">
              de la population couverte ({numberFormat.format(s.coveredPopulation)} habitants)
            </span>
          </li>
        </ul>
      )}
      {data.data && (
        <>
          <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
            <div className="fr-col-12 fr-col-lg-8">
              <p id={`${captionId}-map`} className="fr-sr-only">
                Carte de France des départements colorés selon la part de leur population couverte par un
                contrat local en vigueur ; chaque département est un lien vers ses contrats. Les mêmes
                informations figurent dans le tableau qui suit.
              </p>
              <FranceMap entries={entries} labelledBy={`${captionId}-map`} href={contractsOf} />
            </div>
            <div className="fr-col-12 fr-col-lg-4">
              <h3 className="fr-h6">Légende</h3>
              <MapLegend
                classes={coverageClasses}
                label="Légende de la carte : part de la population couverte par un contrat local"
              />
              <p className="fr-text--sm">
                Cliquez sur un département (ou atteignez-le avec la touche Tab puis Entrée) pour ouvrir la
                liste de ses contrats.
              </p>
            </div>
          </div>
          <div className="fr-table fr-table--bordered fr-table--sm app-national__table">
            <table>
              <caption id={captionId}>
                Contrats locaux en vigueur au {onLabel} par département ({rows.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Département</th>
                  <th scope="col">Contrats en vigueur</th>
                  <th scope="col">Organisations partenaires</th>
                  <th scope="col">Population couverte</th>
                  <th scope="col">Part de la population</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.departmentCode} data-contracts-department={r.departmentCode}>
                    <th scope="row">
                      <Link to={contractsOf(r.departmentCode)}>
                        {r.departmentCode} — {r.departmentName}
                      </Link>
                    </th>
                    <td>{r.contractsInForce}</td>
                    <td>{r.partners}</td>
                    <td>{numberFormat.format(r.coveredPopulation)}</td>
                    <td>{r.contractsInForce > 0 ? sharePercent(r.share) : "—"}</td>
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
