import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Link, useParams, useSearchParams } from "react-router";
import { periodOf } from "../../../shared/period-calendar";
import type { ReportSummary } from "../../../shared/reports";
import { api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import {
  formatDay,
  formatInstantDay,
  pageEnd,
  percent,
  periodLabel,
  quarterPages,
  statusLabels,
  statusSeverity,
  todayInFrance,
} from "./model";
import { memberDeadline, memberQuarters, ownProgressText } from "./quarters";
import { ReportSettingsForm } from "./ReportSettingsForm";

type Row = { period: string; current: boolean; report: ReportSummary };

/** A page of nine quarters (page 1: the one in progress and the eight before it), in one call. */
async function loadQuarters(
  code: string,
  to: string | undefined,
  signal: AbortSignal,
): Promise<{ rows: Row[]; earliest: string | null }> {
  const { items, earliest } = await api.get<{ items: ReportSummary[]; earliest: string | null }>(
    `/departments/${code}/reports`,
    to ? { to } : undefined,
    signal,
  );
  return {
    rows: items.map((report) => ({ period: report.period, current: !report.open, report })),
    earliest,
  };
}

/** DSFR pagination of the quarter list, the page in the address (`?page=2`). */
function QuarterPagination({ page, pages }: { page: number; pages: number }) {
  const to = (n: number) => (n === 1 ? "?" : `?page=${n}`);
  const step = (n: number, label: string, modifier: string) =>
    n >= 1 && n <= pages && n !== page ? (
      <Link className={`fr-pagination__link ${modifier} fr-pagination__link--lg-label`} to={to(n)}>
        {label}
      </Link>
    ) : (
      // biome-ignore lint/a11y/useValidAnchor: the DSFR's disabled pagination link is an anchor without href
      <a
        className={`fr-pagination__link ${modifier} fr-pagination__link--lg-label`}
        aria-disabled="true"
        role="link"
      >
        {label}
      </a>
    );
  return (
    <nav className="fr-pagination fr-mt-2w" aria-label="Pages des trimestres">
      <ul className="fr-pagination__list">
        <li>{step(page - 1, "Trimestres plus récents", "fr-pagination__link--prev")}</li>
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li key={n}>
            <Link
              className="fr-pagination__link"
              to={to(n)}
              aria-current={n === page ? "page" : undefined}
              title={`Page ${n}`}
            >
              {n}
            </Link>
          </li>
        ))}
        <li>{step(page + 1, "Trimestres plus anciens", "fr-pagination__link--next")}</li>
      </ul>
    </nav>
  );
}

function Punctuality({ report, current }: { report: ReportSummary; current: boolean }) {
  if (current) return <span className="fr-text--sm">Saisie à partir du {formatDay(report.opensOn)}</span>;
  if (report.onTime === false) {
    return (
      <Badge severity="error" small>
        {report.submittedAt ? "Soumis en retard" : "En retard"}
      </Badge>
    );
  }
  if (report.onTime === true)
    return (
      <Badge severity="success" small>
        Dans les délais
      </Badge>
    );
  return <span className="fr-text--sm">En attente</span>;
}

/** One quarter of a member's list: the report's status, their deadline, their own progress. */
function MemberQuarterTable({
  code,
  caption,
  items,
  late,
}: {
  code: string;
  caption: string;
  items: ReportSummary[];
  /** Older drafts: say a deadline that has passed. */
  late?: boolean;
}) {
  return (
    // The section's heading says what the table is: its caption stays for screen readers only.
    <div className="fr-table fr-table--bordered fr-table--no-caption">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Trimestre</th>
            <th scope="col">Statut du rapport</th>
            <th scope="col">À renseigner au plus tard le</th>
            <th scope="col">Votre avancement</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.period} data-period={s.period}>
              <th scope="row">
                <Link to={`/departements/${code}/trimestres/${s.period}`}>{periodLabel(s.period)}</Link>
              </th>
              <td>
                <Badge severity={statusSeverity[s.status]} small noIcon>
                  {statusLabels[s.status]}
                </Badge>
                {s.validatedAt && <span className="fr-text--xs"> le {formatInstantDay(s.validatedAt)}</span>}
              </td>
              <td>
                {formatDay(memberDeadline(s))}
                {late && s.status === "draft" && memberDeadline(s) < todayInFrance() && (
                  <>
                    {" "}
                    <Badge severity="error" small>
                      Dépassée
                    </Badge>
                  </>
                )}
              </td>
              <td className="app-own-progress">
                {ownProgressText(s.ownOrganisations)}
                {s.ownOrganisations.some((o) => o.doneAt) && (
                  <>
                    {" "}
                    <Badge severity="success" small>
                      Terminé
                    </Badge>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A member's list: the quarter being entered first, older drafts on their own, then the quarters
 * already transmitted; only quarters where their organisation has indicators; their own progress.
 */
function MemberQuarterList({ code, items }: { code: string; items: ReportSummary[] }) {
  const { entering, olderDrafts, past } = memberQuarters(items, todayInFrance());
  return (
    <>
      {entering && (
        <section className="fr-mb-4w" aria-labelledby="trimestre-en-saisie">
          <h2 id="trimestre-en-saisie" className="fr-h4">
            Trimestre en cours de saisie
          </h2>
          {entering.summary ? (
            <MemberQuarterTable
              code={code}
              caption={periodLabel(entering.period)}
              items={[entering.summary]}
            />
          ) : (
            <p>
              Votre organisation n'a aucun indicateur à renseigner pour le {periodLabel(entering.period)}.
            </p>
          )}
        </section>
      )}
      {olderDrafts.length > 0 && (
        <section className="fr-mb-4w" aria-labelledby="brouillons-anciens">
          <h2 id="brouillons-anciens" className="fr-h4">
            Brouillons plus anciens
          </h2>
          <p className="fr-text--sm">
            Ces trimestres sont commencés mais pas encore soumis par la préfecture : vous pouvez encore y
            compléter vos indicateurs.
          </p>
          <MemberQuarterTable code={code} caption="Brouillons plus anciens" items={olderDrafts} late />
        </section>
      )}
      {past.length > 0 && (
        <section className="fr-mb-4w" aria-labelledby="trimestres-transmis">
          <h2 id="trimestres-transmis" className="fr-h4">
            Trimestres transmis
          </h2>
          <MemberQuarterTable code={code} caption="Trimestres soumis ou validés" items={past} />
        </section>
      )}
      {!entering?.summary && olderDrafts.length === 0 && past.length === 0 && (
        <p>Aucun trimestre de cette page ne demande d'indicateur à votre organisation.</p>
      )}
    </>
  );
}

export function QuartersPage() {
  const { code = "" } = useParams();
  const department = useDepartment(code);
  usePageTitle(`Rapports trimestriels — ${code}`);
  const [params] = useSearchParams();
  const current = periodOf(todayInFrance());
  // Quarters start in 2001: no page goes further back.
  const asked = Number.parseInt(params.get("page") ?? "1", 10);
  const page = Math.min(Number.isFinite(asked) && asked > 1 ? asked : 1, quarterPages(current, "2001-Q1"));
  const to = page > 1 ? pageEnd(current, page) : undefined;
  const loaded = useLoad((signal) => loadQuarters(code, to, signal), [code, to]);
  const rows = { ...loaded, data: loaded.data?.rows };
  const pages = Math.max(page, quarterPages(current, loaded.data?.earliest ?? null));
  const { me } = useSession();
  const roles = rolesIn(me, code);
  const isPrefecture = roles.includes("prefecture");
  const memberOnly = roles.length > 0 && roles.every((r) => r === "member");

  if (memberOnly) {
    return (
      <>
        <DepartmentBreadcrumb code={code} name={department.data?.name} current="Rapports trimestriels" />
        <h1>Rapports trimestriels</h1>
        <p>
          Chaque trimestre, votre organisation renseigne les indicateurs que la préfecture lui confie ; la
          préfecture soumet puis valide le rapport du département. Ne figurent ici que les trimestres où votre
          organisation a des indicateurs à renseigner.
        </p>
        {rows.loading && <Loading />}
        <ErrorAlert error={rows.error} />
        {loaded.data && <MemberQuarterList code={code} items={loaded.data.rows.map((r) => r.report)} />}
        {rows.data && pages > 1 && <QuarterPagination page={page} pages={pages} />}
      </>
    );
  }

  return (
    <>
      <DepartmentBreadcrumb code={code} name={department.data?.name} current="Rapports trimestriels" />
      <h1>Rapports trimestriels</h1>
      <p>
        Chaque trimestre, le département renseigne les indicateurs nationaux et ceux de son plan. La saisie
        ouvre le lendemain de la fin du trimestre ; la préfecture soumet puis valide le rapport.
      </p>
      {rows.loading && <Loading />}
      <ErrorAlert error={rows.error} />
      {rows.data && (
        <div className="fr-table fr-table--bordered">
          <table>
            <caption>
              {page === 1
                ? "Le trimestre en cours et les huit précédents, du plus récent au plus ancien"
                : `Du ${periodLabel(rows.data[0]?.period ?? "")} au ${periodLabel(rows.data[rows.data.length - 1]?.period ?? "")}, du plus récent au plus ancien`}
              {pages > 1 && ` — page ${page} sur ${pages}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Trimestre</th>
                <th scope="col">Statut</th>
                <th scope="col">Échéance</th>
                <th scope="col">Complétude</th>
                <th scope="col">Ponctualité</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map((row) => (
                <tr key={row.period}>
                  <th scope="row">
                    <Link to={`/departements/${code}/trimestres/${row.period}`}>
                      {periodLabel(row.period)}
                    </Link>
                    {row.current && (
                      <>
                        {" "}
                        <Badge severity="info" small noIcon>
                          En cours
                        </Badge>
                      </>
                    )}
                  </th>
                  <td>
                    {row.current ? (
                      <Badge small noIcon>
                        À venir
                      </Badge>
                    ) : row.report ? (
                      <Badge severity={statusSeverity[row.report.status]} small noIcon>
                        {statusLabels[row.report.status]}
                      </Badge>
                    ) : (
                      "—"
                    )}
                    {row.report?.validatedAt && (
                      <span className="fr-text--xs"> le {formatInstantDay(row.report.validatedAt)}</span>
                    )}
                  </td>
                  <td>{row.report ? formatDay(row.report.dueDate) : "—"}</td>
                  <td>{row.report && !row.current ? percent(row.report.completeness) : "—"}</td>
                  <td>{row.report ? <Punctuality report={row.report} current={row.current} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.data && pages > 1 && <QuarterPagination page={page} pages={pages} />}
      {isPrefecture && department.data && (
        <ReportSettingsForm
          key={code}
          code={code}
          settings={department.data}
          // Due dates and punctuality follow the delay: read the quarters again.
          onSaved={() => rows.reload()}
        />
      )}
    </>
  );
}
