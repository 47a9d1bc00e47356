import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import {
  type Convention,
  type ConventionRevision,
  conventionPartyLabels,
  conventionStatusLabels,
} from "../../shared/conventions";
import { winAnsiSafe, wrap } from "../platform/pdf-text";

/**
 * The convention as printable HTML and as PDF (pdf-lib, standard fonts: text goes through
 * `winAnsiSafe`), both from the same blocks: the text of the template version the convention was
 * made from, filled in, then the signatures of the current revision and the amendment history.
 */
type Block = { kind: "title" | "heading" | "paragraph" | "small"; text: string };

const frenchDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const frenchInstant = (iso: string) => {
  const parts = new Intl.DateTimeFormat("fr-FR", {
    timeZone: "Europe/Paris",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
  return parts.replace(" ", " à ");
};

export function conventionBlocks(c: Convention, history: ConventionRevision[]): Block[] {
  const blocks: Block[] = [
    {
      kind: "small",
      text: `Statut : ${conventionStatusLabels[c.status]}${c.revision > 0 ? ` — avenant n° ${c.revision}` : ""}`,
    },
    ...c.text.map((b) => ({ kind: b.kind, text: b.text })),
    { kind: "heading", text: c.revision > 0 ? `Signatures (avenant n° ${c.revision})` : "Signatures" },
    ...c.steps.map((s) => ({
      kind: "paragraph" as const,
      text: `${conventionPartyLabels[s.party]} — ${s.name} : ${
        s.signature
          ? s.signature.method === "outside"
            ? `signée hors de l'application (document numérisé enregistré le ${frenchInstant(s.signature.signedAt)})`
            : `signé le ${frenchInstant(s.signature.signedAt)} par ${s.signature.signerName ?? ""}${
                s.signature.signerFunction ? `, ${s.signature.signerFunction}` : ""
              }`
          : s.state === "current"
            ? "signature attendue (son tour)"
            : "signature attendue"
      }`,
    })),
  ];
  const amendments = history.filter((r) => r.kind === "amendment");
  if (amendments.length > 0) {
    blocks.push({ kind: "heading", text: "Avenants" });
    for (const a of amendments)
      blocks.push({
        kind: "paragraph",
        text: `Avenant n° ${a.revision} du ${frenchInstant(a.createdAt)} : ${a.reason ?? ""} — du ${frenchDate(a.startsOn)} au ${frenchDate(a.endsOn)}, ${a.halfDays} demi-journées${a.interruptedOn ? `, stage interrompu le ${frenchDate(a.interruptedOn)}` : ""}${a.complete ? " (signé)" : " (en cours de signature)"}.`,
      });
  }
  if (c.status === "cancelled" && c.cancelReason)
    blocks.push({ kind: "paragraph", text: `Convention annulée : ${c.cancelReason}` });
  if (c.status === "completed" && c.completedAt)
    blocks.push({
      kind: "paragraph",
      text: `Stage réalisé, confirmé par la structure d'accueil le ${frenchInstant(c.completedAt)}.`,
    });
  return blocks;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

/** A standalone page for the browser's "Imprimer" (no script, no inline style: the app's CSP applies). */
export function conventionHtml(c: Convention, history: ConventionRevision[]): string {
  const body = conventionBlocks(c, history)
    .map((b) => {
      const t = escapeHtml(b.text);
      return b.kind === "title" ? `<h1>${t}</h1>` : b.kind === "heading" ? `<h2>${t}</h2>` : `<p>${t}</p>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Convention de stage croisé — ${escapeHtml(c.trainee.name)}</title></head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

export async function conventionPdf(c: Convention, history: ConventionRevision[], today: string) {
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsiSafe(`Convention de stage croisé — ${c.trainee.name}`));
  doc.setLanguage("fr-FR");
  doc.setProducer("Maillage");
  doc.setCreationDate(new Date(`${today}T12:00:00Z`));
  doc.setModificationDate(new Date(`${today}T12:00:00Z`));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = A4.width - 2 * MARGIN;
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const write = (text: string, font: PDFFont, size: number, gapBefore: number, gapAfter: number) => {
    y -= gapBefore;
    for (const line of wrap(winAnsiSafe(text), font, size, width)) {
      if (y - size < MARGIN) {
        page = doc.addPage([A4.width, A4.height]);
        y = A4.height - MARGIN;
      }
      y -= size;
      page.drawText(line, { x: MARGIN, y, size, font, color: rgb(0.09, 0.09, 0.2) });
      y -= 2;
    }
    y -= gapAfter;
  };
  for (const b of conventionBlocks(c, history)) {
    if (b.kind === "title") write(b.text, bold, 15, 4, 8);
    else if (b.kind === "heading") write(b.text, bold, 11, 8, 3);
    else if (b.kind === "small") write(b.text, regular, 8, 0, 6);
    else write(b.text, regular, 10, 0, 4);
  }
  write(`Document produit par Maillage le ${frenchDate(today)}.`, regular, 8, 12, 0);
  return doc.save({ useObjectStreams: false });
}
