import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import {
  type Contract,
  componentStateLabels,
  contractStatusLabels,
  councilLabels,
} from "../../shared/contracts";
import { organisationKindLabels } from "../../shared/organisation";
import { winAnsiSafe, wrap } from "../platform/pdf-text";

/**
 * The summary of a contract (carrier, territory, signatories, components) as printable HTML and
 * as PDF (pdf-lib, standard fonts: text goes through `winAnsiSafe`). Both are built from the same
 * sections so they never say different things.
 */
type Section = { heading: string; lines: { label?: string; text: string }[] };

const frenchDate = (d: string | null) =>
  d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : "non fixée";
const number = (n: number) => n.toLocaleString("fr-FR");
const percent = (share: number) => `${(share * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`;

export const SUMMARY_HEADING =
  "Contrat local de mobilisation et de coordination contre les violences sexistes et sexuelles";

export function summarySections(c: Contract, today: string, departmentPopulation: number): Section[] {
  return [
    {
      heading: "Porteur",
      lines: [
        { label: "Collectivité", text: `${c.carrier.name} (${organisationKindLabels[c.carrier.kind]})` },
        { label: "Instance", text: councilLabels[c.council] },
        {
          label: "Coordination",
          text: `${c.coordinator.name}, ${c.coordinator.function} — ${c.coordinator.email}`,
        },
      ],
    },
    {
      heading: "Statut et dates",
      lines: [
        { label: "Statut", text: `${contractStatusLabels[c.status]} au ${frenchDate(today)}` },
        {
          label: "Signature",
          text: c.signedOn ? frenchDate(c.signedOn) : "en attente de toutes les signatures",
        },
        { label: "Début", text: frenchDate(c.startsOn) },
        { label: "Fin", text: c.endsOn ? frenchDate(c.endsOn) : "sans date de fin" },
        ...(c.terminatedOn
          ? [{ label: "Résiliation", text: `${frenchDate(c.terminatedOn)} — ${c.terminationReason ?? ""}` }]
          : []),
        ...(c.amendments > 0 ? [{ label: "Avenants", text: String(c.amendments) }] : []),
      ],
    },
    {
      heading: "Territoire",
      lines: [
        {
          label: "Communes couvertes",
          text: `${c.communes.length} — ${number(c.population)} habitants${
            departmentPopulation > 0
              ? ` (${percent(c.population / departmentPopulation)} du département)`
              : ""
          }`,
        },
        { text: c.communes.map((x) => x.name).join(", ") || "aucune commune" },
      ],
    },
    {
      heading: `Signataires (${c.signatories.filter((s) => s.signedOn).length} sur ${c.signatories.length})`,
      lines: c.signatories.map((s) => ({
        label: s.organisationName,
        text: `${s.role} — ${
          s.signedOn
            ? `signé le ${frenchDate(s.signedOn)} par ${s.signerName ?? ""}, ${s.signerFunction ?? ""}`
            : "signature attendue"
        }`,
      })),
    },
    {
      heading: "Volets du contrat",
      lines: c.components.map((x) => ({
        label: x.label,
        text: `${x.state ? componentStateLabels[x.state] : "Non renseigné"}${x.text ? ` — ${x.text}` : ""}`,
      })),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// HTML

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

/** A standalone page for the browser's "Imprimer" (no script, no inline style: the app's CSP applies). */
export function summaryHtml(c: Contract, today: string, departmentPopulation: number): string {
  const sections = summarySections(c, today, departmentPopulation)
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2><dl>${s.lines
          .map((l) => `${l.label ? `<dt>${escapeHtml(l.label)}</dt>` : ""}<dd>${escapeHtml(l.text)}</dd>`)
          .join("")}</dl></section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${escapeHtml(c.title)} — synthèse</title></head>
<body>
<main>
<p>${escapeHtml(SUMMARY_HEADING)}</p>
<h1>${escapeHtml(c.title)}</h1>
${sections}
<footer><p>Synthèse produite par Maillage le ${frenchDate(today)}.</p></footer>
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// PDF

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;

export async function summaryPdf(
  c: Contract,
  today: string,
  departmentPopulation: number,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsiSafe(`${c.title} — synthèse`));
  doc.setLanguage("fr-FR");
  doc.setProducer("Maillage");
  doc.setCreationDate(new Date(`${today}T12:00:00Z`));
  doc.setModificationDate(new Date(`${today}T12:00:00Z`));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = A4.width - 2 * MARGIN;
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;

  const write = (text: string, font: PDFFont, size: number, indent = 0, gapAfter = 2) => {
    for (const line of wrap(winAnsiSafe(text), font, size, width - indent)) {
      if (y - size < MARGIN) {
        page = doc.addPage([A4.width, A4.height]);
        y = A4.height - MARGIN;
      }
      y -= size;
      page.drawText(line, { x: MARGIN + indent, y, size, font, color: rgb(0.09, 0.09, 0.2) });
      y -= gapAfter;
    }
  };

  write(SUMMARY_HEADING, regular, 10, 0, 4);
  write(c.title, bold, 16, 0, 10);
  for (const section of summarySections(c, today, departmentPopulation)) {
    y -= 6;
    write(section.heading, bold, 12, 0, 6);
    for (const line of section.lines) {
      if (line.label) write(line.label, bold, 10, 8, 1);
      write(line.text, regular, 10, line.label ? 16 : 8, 4);
    }
  }
  y -= 10;
  write(`Synthèse produite par Maillage le ${frenchDate(today)}.`, regular, 8);
  return doc.save({ useObjectStreams: false });
}
