import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { parsePeriod } from "../../shared/periods";
import type { Value } from "../../shared/units";
import { measures } from "../indicators/schema";
import type { Tenant } from "../platform/context";
import type { Db } from "../platform/db";
import { AppError } from "../platform/errors";
import { winAnsiSafe, wrap } from "../platform/pdf-text";
import type { Services } from "../platform/services";
import { load, viewOf } from "./service";
import type { ReportView } from "./view";

/**
 * The quarter report as a PDF the prefect signs and files (pdf-lib, standard fonts: every text
 * goes through `winAnsiSafe`). Only a submitted or validated report: a draft still changes, there
 * is nothing to sign yet (409; the page itself prints at any status).
 *
 * Layout: A4, a header (title, département, status with who submitted and validated and when),
 * the indicators grouped as on the entry page (national ones by measure, local ones by axis and
 * action sheet), one row per indicator that is never cut across two pages, a signature box, and
 * "page n sur N" at the foot of every page. Black on white only: it prints on any printer.
 */

type Item = ReportView["items"][number];
type Group = { title: string; items: Item[] };
type Section = { title: string; groups: Group[] };

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
const dayFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const timeFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  hour: "2-digit",
  minute: "2-digit",
});

/** "1er avril 2026 à 10:05" (Paris time): the first of the month is an ordinal in French. */
export function frenchInstant(iso: string): string {
  const date = new Date(iso);
  const day = dayFormat
    .formatToParts(date)
    .map((p) => (p.type === "day" && p.value === "1" ? "1er" : p.value))
    .join("");
  return `${day} à ${timeFormat.format(date)}`;
}

/** "3e trimestre 2026", "1er trimestre 2027". */
export function quarterLabel(period: string): string {
  const { year, quarter } = parsePeriod(period);
  return `${quarter === 1 ? "1er" : `${quarter}e`} trimestre ${year}`;
}

/** A value as French readers write it, with its unit: "1 234", "12,5 %", "1 500 €", "12 jours". */
export function formatPdfValue(unit: Item["unit"], value: Value | null): string {
  if (value === null) return "";
  if (unit === "yes_no") return value === true ? "oui" : value === false ? "non" : String(value);
  if (typeof value !== "number") return String(value);
  const n = numberFormat.format(value);
  if (unit === "percent") return `${n} %`;
  if (unit === "euros") return `${n} €`;
  if (unit === "days") return `${n} ${Math.abs(value) < 2 ? "jour" : "jours"}`;
  return n;
}

/** What the value column says: the value, "non applicable", "non disponible" or "sans réponse". */
export function answerText(item: Pick<Item, "unit" | "state" | "value" | "derived">): string {
  if (item.state === "not_applicable") return "non applicable";
  if (item.state === "not_available") return "non disponible";
  if (item.state === null || item.value === null) return item.derived ? "non calculé" : "sans réponse";
  return formatPdfValue(item.unit, item.value);
}

const byNumber = (a: string, b: string) => a.localeCompare(b, "fr", { numeric: true });

/** The sections of the entry page: national indicators by measure, then each axis by action sheet. */
export function reportSections(items: Item[], measureText: ReadonlyMap<number, string>): Section[] {
  const sections: Section[] = [];
  const national = new Map<string, Group>();
  for (const item of items.filter((i) => i.scope === "national")) {
    const n = item.measureNumber;
    const key = n === null ? "~" : String(n);
    const text = n === null ? undefined : measureText.get(n);
    const group = national.get(key) ?? {
      title: n === null ? "Autres indicateurs nationaux" : `Mesure ${n}${text ? ` — ${text}` : ""}`,
      items: [],
    };
    group.items.push(item);
    national.set(key, group);
  }
  if (national.size) {
    sections.push({
      title: "Indicateurs nationaux",
      groups: [...national.entries()].sort(([a], [b]) => byNumber(a, b)).map(([, g]) => g),
    });
  }
  const axes = new Map<string, { title: string; sheets: Map<string, Group> }>();
  for (const item of items.filter((i) => i.scope === "local")) {
    const axisKey = item.axisCode ?? "~";
    const axis = axes.get(axisKey) ?? {
      title: item.axisCode
        ? `Plan départemental — Axe ${item.axisCode}${item.axisTitle ? ` — ${item.axisTitle}` : ""}`
        : "Plan départemental — autres indicateurs locaux",
      sheets: new Map(),
    };
    const sheetKey = item.sheetCode ?? "~";
    const sheet = axis.sheets.get(sheetKey) ?? {
      title: item.sheetCode
        ? `Fiche ${item.sheetCode}${item.sheetTitle ? ` — ${item.sheetTitle}` : ""}`
        : "Sans fiche",
      items: [],
    };
    sheet.items.push(item);
    axis.sheets.set(sheetKey, sheet);
    axes.set(axisKey, axis);
  }
  for (const [, axis] of [...axes.entries()].sort(([a], [b]) => byNumber(a, b))) {
    sections.push({
      title: axis.title,
      groups: [...axis.sheets.entries()].sort(([a], [b]) => byNumber(a, b)).map(([, g]) => g),
    });
  }
  return sections;
}

/** The status block: who submitted and who validated, and when. */
export function statusLines(view: ReportView): string[] {
  const lines: string[] = [];
  if (view.status === "validated") {
    lines.push(`Statut : validé${view.validatedAt ? ` le ${frenchInstant(view.validatedAt)}` : ""}`);
  } else if (view.status === "submitted") {
    lines.push("Statut : soumis, en attente de validation (document provisoire)");
  } else {
    lines.push("Statut : brouillon");
  }
  if (view.submittedAt) {
    lines.push(
      `Soumis le ${frenchInstant(view.submittedAt)}${view.submittedBy ? ` par ${view.submittedBy}` : ""}`,
    );
  }
  if (view.status === "validated") {
    const role = view.validatedByRole === "national" ? " (administration centrale)" : " (préfecture)";
    lines.push(
      `Validé${view.validatedAt ? ` le ${frenchInstant(view.validatedAt)}` : ""}${
        view.validatedBy ? ` par ${view.validatedBy}` : ""
      }${role}`,
    );
  }
  if (view.reopenedAt) {
    lines.push(
      `Rouvert le ${frenchInstant(view.reopenedAt)}${view.reopenReason ? ` — motif : ${view.reopenReason}` : ""}`,
    );
  }
  const typed = view.items.filter((i) => !i.derived);
  const answered = typed.filter((i) => i.state !== null).length;
  if (view.completeness !== null) {
    lines.push(
      `Complétude : ${Math.round(view.completeness * 100)} % (${answered} ${answered < 2 ? "réponse" : "réponses"} sur ${typed.length} ${typed.length < 2 ? "indicateur" : "indicateurs"} à saisir)`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Drawing

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const FOOTER = 30;
const WIDTH = A4.width - 2 * MARGIN;
const LABEL_WIDTH = 320;
const VALUE_X = MARGIN + LABEL_WIDTH + 12;
const VALUE_WIDTH = WIDTH - LABEL_WIDTH - 12;
const INK = rgb(0, 0, 0);
const RULE = rgb(0.55, 0.55, 0.55);

type Fonts = { regular: PDFFont; bold: PDFFont; italic: PDFFont };

export type PdfInput = {
  view: ReportView;
  departmentName: string;
  measureText: ReadonlyMap<number, string>;
  /** When it is produced (the file's dates and its last line). */
  now: string;
};

export async function renderReportPdf(input: PdfInput): Promise<Uint8Array> {
  const { view, departmentName } = input;
  const title = `Rapport du ${quarterLabel(view.period)}`;
  const where = `${departmentName} (${view.departmentCode})`;
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsiSafe(`${title} — ${where}`));
  doc.setSubject(winAnsiSafe("Indicateurs de lutte contre les violences faites aux femmes"));
  doc.setLanguage("fr-FR");
  doc.setProducer("Maillage");
  doc.setCreator("Maillage");
  doc.setCreationDate(new Date(input.now));
  doc.setModificationDate(new Date(input.now));
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
  };

  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const bottom = MARGIN + FOOTER;
  const newPage = () => {
    page = doc.addPage([A4.width, A4.height]);
    y = A4.height - MARGIN;
  };
  /** Starts a new page unless `height` still fits on this one. */
  const room = (height: number) => {
    if (y - height < bottom) newPage();
  };
  const lines = (text: string, font: PDFFont, size: number, width: number) =>
    wrap(winAnsiSafe(text), font, size, width);
  const draw = (texts: string[], font: PDFFont, size: number, x: number, top: number, leading: number) => {
    texts.forEach((line, i) => {
      page.drawText(line, { x, y: top - size - i * leading, size, font, color: INK });
    });
  };
  /** A block of wrapped text across the whole width (a long one may run over pages). */
  const paragraph = (text: string, font: PDFFont, size: number, gapAfter = 3) => {
    const leading = size * 1.25;
    for (const line of lines(text, font, size, WIDTH)) {
      room(leading);
      draw([line], font, size, MARGIN, y, leading);
      y -= leading;
    }
    y -= gapAfter;
  };

  paragraph(
    "Maillage — suivi trimestriel des indicateurs de lutte contre les violences",
    fonts.regular,
    9,
    2,
  );
  paragraph(title, fonts.bold, 18, 2);
  paragraph(where, fonts.bold, 13, 8);
  for (const line of statusLines(view)) paragraph(line, fonts.regular, 10, 1);
  y -= 8;

  const sections = reportSections(view.items, input.measureText);
  const rowHeight = (item: Item) => measureRow(item, fonts).height;
  for (const section of sections) {
    const first = section.groups[0]?.items[0];
    // A heading never ends a page: it goes with its group's title and first row.
    room(22 + 18 + (first ? rowHeight(first) : 0));
    y -= 6;
    const sectionLines = lines(section.title, fonts.bold, 12, WIDTH);
    draw(sectionLines, fonts.bold, 12, MARGIN, y, 15);
    y -= sectionLines.length * 15 + 2;
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: MARGIN + WIDTH, y },
      thickness: 1.2,
      color: INK,
    });
    y -= 4;
    for (const group of section.groups) {
      const groupLines = lines(group.title, fonts.bold, 10, WIDTH);
      const firstRow = group.items[0];
      room(groupLines.length * 12.5 + 6 + (firstRow ? rowHeight(firstRow) : 0));
      y -= 4;
      draw(groupLines, fonts.bold, 10, MARGIN, y, 12.5);
      y -= groupLines.length * 12.5 + 2;
      for (const item of group.items) {
        const row = measureRow(item, fonts);
        room(row.height);
        drawRow(page, row, fonts, y);
        y -= row.height;
      }
    }
  }

  // The signature box stays whole on one page.
  const boxHeight = 120;
  room(boxHeight + 40);
  y -= 20;
  page.drawRectangle({
    x: MARGIN,
    y: y - boxHeight,
    width: WIDTH,
    height: boxHeight,
    borderColor: INK,
    borderWidth: 0.8,
  });
  draw(["Le préfet / La préfète"].map(winAnsiSafe), fonts.bold, 11, MARGIN + 10, y - 8, 14);
  draw(["Date :"], fonts.regular, 10, MARGIN + 10, y - 34, 13);
  draw(["Signature :"], fonts.regular, 10, MARGIN + 10, y - 56, 13);
  draw(["Cachet :"], fonts.regular, 10, MARGIN + WIDTH / 2 + 10, y - 56, 13);
  y -= boxHeight + 10;
  paragraph(`Document produit par Maillage le ${frenchInstant(input.now)}.`, fonts.italic, 8);

  const pages = doc.getPages();
  const footer = winAnsiSafe(`${title} — ${where}`);
  pages.forEach((p, i) => {
    const number = winAnsiSafe(`page ${i + 1} sur ${pages.length}`);
    p.drawLine({
      start: { x: MARGIN, y: MARGIN + 12 },
      end: { x: MARGIN + WIDTH, y: MARGIN + 12 },
      thickness: 0.5,
      color: RULE,
    });
    p.drawText(footer, { x: MARGIN, y: MARGIN, size: 8, font: fonts.regular, color: INK });
    p.drawText(number, {
      x: MARGIN + WIDTH - fonts.regular.widthOfTextAtSize(number, 8),
      y: MARGIN,
      size: 8,
      font: fonts.regular,
      color: INK,
    });
  });
  return doc.save({ useObjectStreams: false });
}

type Row = { label: string[]; value: string[]; comment: string[]; height: number };

const ROW = { size: 9.5, leading: 12, commentSize: 8.5, commentLeading: 10.5, padding: 4 };

function measureRow(item: Item, fonts: Fonts): Row {
  const label = wrap(
    winAnsiSafe(
      `${item.indicator} — ${item.label}${item.derived ? " (calculé)" : ""}${item.retired ? " (retiré)" : ""}`,
    ),
    fonts.regular,
    ROW.size,
    LABEL_WIDTH,
  );
  const value = wrap(winAnsiSafe(answerText(item)), fonts.bold, ROW.size, VALUE_WIDTH);
  const comment = item.comment
    ? wrap(winAnsiSafe(`Commentaire : ${item.comment}`), fonts.italic, ROW.commentSize, WIDTH - 12)
    : [];
  const height =
    ROW.padding * 2 +
    Math.max(label.length, value.length) * ROW.leading +
    (comment.length ? 2 + comment.length * ROW.commentLeading : 0);
  return { label, value, comment, height };
}

function drawRow(page: PDFPage, row: Row, fonts: Fonts, top: number) {
  const y0 = top - ROW.padding;
  row.label.forEach((line, i) => {
    page.drawText(line, {
      x: MARGIN,
      y: y0 - ROW.size - i * ROW.leading,
      size: ROW.size,
      font: fonts.regular,
    });
  });
  row.value.forEach((line, i) => {
    page.drawText(line, { x: VALUE_X, y: y0 - ROW.size - i * ROW.leading, size: ROW.size, font: fonts.bold });
  });
  const commentTop = y0 - Math.max(row.label.length, row.value.length) * ROW.leading - 2;
  row.comment.forEach((line, i) => {
    page.drawText(line, {
      x: MARGIN + 12,
      y: commentTop - ROW.commentSize - i * ROW.commentLeading,
      size: ROW.commentSize,
      font: fonts.italic,
    });
  });
  page.drawLine({
    start: { x: MARGIN, y: top - row.height },
    end: { x: MARGIN + WIDTH, y: top - row.height },
    thickness: 0.4,
    color: RULE,
  });
}

// ---------------------------------------------------------------------------------------------
// Service

/** The national measures' texts (53 rows), for the group titles. */
function measureTexts(db: Db) {
  return db.select({ number: measures.number, text: measures.text }).from(measures);
}

/** The report's PDF as the tenant reads it: 409 for a draft (nothing to sign yet). */
export async function reportPdf(s: Services, tenant: Tenant, period: string): Promise<Uint8Array> {
  const [loaded, texts] = await Promise.all([load(s, tenant.departmentCode, period), measureTexts(s.db)]);
  const view = viewOf(s, tenant, loaded);
  if (view.status === "draft") {
    throw new AppError(
      409,
      "report_not_submitted",
      "Le rapport est un brouillon : il n'y a rien à signer avant sa soumission. Imprimez la page du rapport pour un état provisoire.",
      {
        extra: { reportStatus: view.status },
        errors: [
          { in: "path", pointer: "/period", detail: "Rapport encore en brouillon (ni soumis ni validé)" },
        ],
      },
    );
  }
  return renderReportPdf({
    view,
    departmentName: loaded.department.name,
    measureText: new Map(texts.map((m) => [m.number, m.text])),
    now: s.clock.now().toISOString(),
  });
}
