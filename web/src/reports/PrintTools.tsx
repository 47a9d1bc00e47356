import { Button } from "@codegouvfr/react-dsfr/Button";
import { useDepartment } from "../departments/DepartmentPage";
import { reportFileUrl } from "./api";
import { formatDateTime, formatInstantDay, type Report } from "./model";

/** Who submitted and validated the report, and when: the status line of the printed page. */
export function printedStatus(report: Report): string {
  const submitted = report.submittedAt
    ? `soumis le ${formatInstantDay(report.submittedAt)}${report.submittedBy ? ` par ${report.submittedBy}` : ""}`
    : "";
  if (report.status === "validated") {
    const validated = `Validé le ${formatInstantDay(report.validatedAt)}${report.validatedBy ? ` par ${report.validatedBy}` : ""}`;
    return submitted ? `${validated} (${submitted})` : validated;
  }
  if (report.status === "submitted") return `Soumis, en attente de validation : ${submitted}`;
  return "Brouillon (non transmis) : état provisoire";
}

/**
 * « Imprimer » and « Télécharger le PDF » for a submitted or validated report (a draft has nothing
 * to sign: the API refuses its PDF), and the lines only the printed page shows: the département,
 * the status with who submitted and validated it, the day it was printed.
 */
export function ReportPrintTools({ code, report }: { code: string; report: Report }) {
  const department = useDepartment(code);
  const name = department.data?.name;
  return (
    <>
      <div className="app-print-only fr-mb-2w">
        <p className="fr-mb-0">
          <strong>Département :</strong> {name ? `${name} (${code})` : code}
        </p>
        <p className="fr-mb-0">
          <strong>Statut :</strong> {printedStatus(report)}
        </p>
        <p className="fr-mb-0 fr-text--sm">Imprimé le {formatDateTime(new Date().toISOString())}</p>
      </div>
      {report.status !== "draft" && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left app-report__print-tools">
          <li>
            <Button priority="secondary" iconId="fr-icon-printer-line" onClick={() => window.print()}>
              Imprimer
            </Button>
          </li>
          <li>
            <a
              className="fr-btn fr-btn--secondary fr-icon-download-line"
              href={reportFileUrl(code, report.period, "pdf")}
              download
            >
              Télécharger le PDF
            </a>
          </li>
        </ul>
      )}
    </>
  );
}
