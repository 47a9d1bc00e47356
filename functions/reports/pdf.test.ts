import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { callAt, db, department, indicator, organisation, type TestUser, user } from "../../test/factories";
import { pdfText } from "../../test/pdf";
import { actionSheets, axes, indicators, measures } from "../indicators/schema";
import { chunk } from "../platform/db";

/**
 * The quarter report as a PDF to sign: what it says (read back from the file, accents included),
 * who may download it, and what a draft gets (409: nothing to sign yet).
 */

const JULY = "2026-07-20T10:00:00Z";
const Q2 = "2026-Q2";
const reportOf = (code: string, period = Q2) => `/api/v1/departments/${code}/periods/${period}/report`;
const pdfOf = (code: string, period = Q2) => `/api/v1/departments/${code}/periods/${period}/report.pdf`;

let prefecture: TestUser;
let member: TestUser;
let national: TestUser;
let prefecture59: TestUser;
let member59: TestUser;

const get = (path: string, as: TestUser | null, iso = JULY) =>
  callAt(iso, "GET", path, { headers: as?.headers ?? { "sec-fetch-site": "same-origin" } });

/** Saves `values`, submits and (unless told otherwise) validates the report, through the API. */
async function fill(code: string, as: TestUser, values: unknown[], validate = true) {
  const read = await get(reportOf(code), as);
  expect(read.status).toBe(200);
  const saved = await callAt(JULY, "PUT", `${reportOf(code)}/values`, {
    headers: { ...as.headers, "if-match": read.headers.get("etag") ?? "" },
    body: { values },
  });
  expect(saved.status, await saved.clone().text()).toBe(200);
  const submitted = await callAt(JULY, "POST", `${reportOf(code)}/submit`, { headers: as.headers });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  if (!validate) return;
  const validated = await callAt("2026-07-21T08:30:00Z", "POST", `${reportOf(code)}/validate`, {
    headers: as.headers,
  });
  expect(validated.status, await validated.clone().text()).toBe(200);
}

async function textOf(res: Response): Promise<string> {
  expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
  return (await pdfText(new Uint8Array(await res.arrayBuffer()))).join("\n");
}

/** Each page's text on its own: a row must be whole on one page. */
async function pagesOf(bytes: Uint8Array): Promise<string[]> {
  const source = await PDFDocument.load(bytes);
  const pages: string[] = [];
  for (const index of source.getPageIndices()) {
    const single = await PDFDocument.create();
    const [copy] = await single.copyPages(source, [index]);
    if (copy) single.addPage(copy);
    pages.push((await pdfText(await single.save({ useObjectStreams: false }))).join("\n"));
  }
  return pages;
}

beforeAll(async () => {
  await department("62");
  await department("59");
  const asso = await organisation("62", { name: "France Victimes 62" });
  const org59 = await organisation("59");
  prefecture = await user("prefecture", "62");
  member = await user("member", "62", asso.id);
  national = await user("national");
  prefecture59 = await user("prefecture", "59");
  member59 = await user("member", "59", org59.id);
  await db().batch([
    db().insert(measures).values({
      number: 48,
      origin: "Grenelle 2019",
      text: "Généraliser le « téléphone grave danger »",
      pilot: "Justice",
    }),
    db().insert(axes).values({ departmentCode: "62", code: "2", title: "Protéger les victimes" }),
    db().insert(axes).values({ departmentCode: "59", code: "1", title: "Prévenir" }),
    db().insert(actionSheets).values({
      departmentCode: "62",
      code: "2.5",
      axisCode: "2",
      title: "Accueil des victimes à l'hôpital",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    }),
    db().insert(actionSheets).values({
      departmentCode: "59",
      code: "1.1",
      axisCode: "1",
      title: "Fiche du Nord",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    }),
    db()
      .insert(indicators)
      .values([
        indicator("N48-1", { measureNumber: 48, label: "Téléphones grave danger attribués" }),
        indicator("N10-1", { measureNumber: 10, unit: "percent", label: "Part des plaintes suivies" }),
        indicator("N11-1", { measureNumber: 11, unit: "euros", label: "Crédits engagés" }),
        indicator("N12-1", { measureNumber: 12, unit: "yes_no", label: "Comité réuni" }),
        indicator("N13-1", { measureNumber: 13, unit: "text", label: "Action phare" }),
        indicator("N14-1", { measureNumber: 14, unit: "days", label: "Délai moyen d'hébergement" }),
        indicator("62-2.5-1", {
          departmentCode: "62",
          sheetCode: "2.5",
          position: 1,
          label: "Victimes accueillies aux urgences",
        }),
        indicator("59-1.1-1", {
          departmentCode: "59",
          sheetCode: "1.1",
          position: 1,
          label: "Indicateur secret du Nord",
        }),
      ]),
  ]);
});

const values62 = [
  { indicator: "N48-1", state: "value", value: 1234 },
  { indicator: "N10-1", state: "value", value: 12.5 },
  { indicator: "N11-1", state: "value", value: 1500.5 },
  { indicator: "N12-1", state: "value", value: true },
  { indicator: "N13-1", state: "value", value: "Formation des agents d'accueil à Béthune — « Égalité »" },
  {
    indicator: "N14-1",
    state: "not_applicable",
    value: null,
    comment: "Aucune structure d'hébergement concernée ce trimestre",
  },
  {
    indicator: "62-2.5-1",
    state: "not_available",
    value: null,
    comment: "Chiffre attendu du centre hospitalier d'Arras",
  },
];

describe("the quarter report as PDF", () => {
  it("refuses a draft with a 409 problem naming the period (nothing to sign yet)", async () => {
    const res = await get(pdfOf("62"), prefecture);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json<{
      code: string;
      status: number;
      reportStatus: string;
      errors: { pointer: string }[];
    }>();
    expect(problem.code).toBe("report_not_submitted");
    expect(problem.status).toBe(409);
    expect(problem.reportStatus).toBe("draft");
    expect(problem.errors[0]?.pointer).toBe("/period");
  });

  it("of a submitted report: says it is provisional and who submitted it", async () => {
    await fill("62", prefecture, values62, false);
    const text = await textOf(await get(pdfOf("62"), prefecture));
    expect(text).toContain("Statut : soumis, en attente de validation (document provisoire)");
    expect(text).toContain(`Soumis le 20 juillet 2026 à 12:00 par ${prefecture.email}`);
    expect(text).not.toMatch(/^Validé/m);
  });

  it("of a validated report: title, département, status, every value in French format with its comment, signature box, page numbers", async () => {
    const validated = await callAt("2026-07-21T08:30:00Z", "POST", `${reportOf("62")}/validate`, {
      headers: prefecture.headers,
    });
    expect(validated.status, await validated.clone().text()).toBe(200);
    const res = await get(pdfOf("62"), prefecture);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="rapport-62-2026-T2\.pdf"/);
    const text = await textOf(res);
    for (const expected of [
      "Rapport du 2e trimestre 2026",
      "Pas-de-Calais (62)",
      "Statut : validé le 21 juillet 2026 à 10:30",
      `Soumis le 20 juillet 2026 à 12:00 par ${prefecture.email}`,
      `Validé le 21 juillet 2026 à 10:30 par ${prefecture.email} (préfecture)`,
      "Complétude : 100 % (7 réponses sur 7 indicateurs à saisir)",
      "Indicateurs nationaux",
      "Mesure 48 — Généraliser le « téléphone grave danger »",
      "N48-1 — Téléphones grave danger attribués",
      // French grouping: the narrow no-break space the standard fonts lack becomes a no-break space.
      "1\u00a0234",
      "12,5 %",
      "1\u00a0500,5 €",
      "oui",
      // A long text wraps in the value column.
      "Formation des agents d'accueil à\nBéthune — « Égalité »",
      "non applicable",
      "Commentaire : Aucune structure d'hébergement concernée ce trimestre",
      "Plan départemental — Axe 2 — Protéger les victimes",
      "Fiche 2.5 — Accueil des victimes à l'hôpital",
      "non disponible",
      "Commentaire : Chiffre attendu du centre hospitalier d'Arras",
      "Le préfet / La préfète",
      "Date :",
      "Signature :",
      "page 1 sur 1",
    ]) {
      expect(text).toContain(expected);
    }
    // Isolation: nothing of another département's plan.
    expect(text).not.toContain("59-1.1-1");
    expect(text).not.toContain("Indicateur secret du Nord");
  });

  it("is read by whoever reads the report: a member of the département and the national level", async () => {
    for (const who of [member, national]) {
      const text = await textOf(await get(pdfOf("62"), who));
      expect(text).toContain("Rapport du 2e trimestre 2026");
    }
  });

  it("gives nothing to another département's users nor to an anonymous caller", async () => {
    for (const who of [prefecture59, member59]) {
      const res = await get(pdfOf("62"), who);
      expect([403, 404]).toContain(res.status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await get(pdfOf("62"), null)).status).toBe(401);
  });

  it("keeps each département's values apart: 59's PDF shows its own figures, none of 62's", async () => {
    await fill("59", prefecture59, [
      { indicator: "N48-1", state: "value", value: 777 },
      { indicator: "N10-1", state: "value", value: 3 },
      { indicator: "N11-1", state: "value", value: 10 },
      { indicator: "N12-1", state: "value", value: false },
      { indicator: "N13-1", state: "value", value: "Rien de neuf" },
      { indicator: "N14-1", state: "value", value: 4 },
      { indicator: "59-1.1-1", state: "value", value: 9 },
    ]);
    const text = await textOf(await get(pdfOf("59"), national));
    expect(text).toContain("Nord (59)");
    expect(text).toContain("777");
    expect(text).toContain("Indicateur secret du Nord");
    expect(text).toContain("4 jours");
    expect(text).not.toContain("1\u00a0234");
    expect(text).not.toContain("Protéger les victimes");
    expect(text).not.toContain("centre hospitalier d'Arras");
  });

  it("answers 404 for an unknown département and 422 for a malformed quarter", async () => {
    const unknown = await get(pdfOf("00"), national);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    const malformed = await get(pdfOf("62", "2026-Q5"), prefecture);
    expect(malformed.status).toBe(422);
    const problem = await malformed.json<{ errors: { pointer: string }[] }>();
    expect(problem.errors.map((e) => e.pointer)).toContain("/period");
  });
});

describe("a long report", () => {
  const COUNT = 160;

  beforeAll(async () => {
    await department("75");
    const rows = Array.from({ length: COUNT }, (_, i) =>
      indicator(`P75-${i + 1}`, {
        departmentCode: "75",
        label: `Indicateur parisien n° ${i + 1} : accompagnement des victimes et de leurs enfants`,
        position: i + 1,
      }),
    );
    // D1 takes 100 bound variables a statement at most.
    for (const part of chunk(rows, 14)) await db().insert(indicators).values(part);
  });

  it("runs over several pages numbered « page n sur N », and no row is cut between two pages", async () => {
    const paris = await user("prefecture", "75");
    await fill("75", paris, [
      // The national indicators of the file's first part are expected in every département.
      ...["N48-1", "N10-1", "N11-1", "N12-1", "N14-1"].map((code) => ({
        indicator: code,
        state: "not_available",
        value: null,
      })),
      { indicator: "N13-1", state: "value", value: "Paris" },
      ...Array.from({ length: COUNT }, (_, i) => ({
        indicator: `P75-${i + 1}`,
        state: "value",
        value: i * 1000,
        // A comment of several lines on some rows: a row is the label, the value and the comment.
        comment:
          i % 7 === 0
            ? `Commentaire long de la ligne ${i + 1} : ${"les chiffres viennent des services de l'État et des associations ; ".repeat(4)}fin-${i + 1}.`
            : null,
      })),
    ]);
    const started = Date.now();
    const res = await get(pdfOf("75"), paris);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const pages = await pagesOf(bytes);
    console.info(
      `report.pdf: ${COUNT} indicators, ${pages.length} pages, ${bytes.length} bytes, ${elapsed} ms`,
    );
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`page ${i + 1} sur ${pages.length}`);
    });
    for (let i = 0; i < COUNT; i++) {
      const label = `P75-${i + 1} — `;
      const holding = pages.filter((p) => p.includes(label));
      expect(holding, label).toHaveLength(1);
      if (i % 7 === 0) {
        expect(holding[0], `comment of row ${i + 1} on its row's page`).toContain(`fin-${i + 1}.`);
      }
    }
    expect(pages.at(-1)).toContain("Le préfet / La préfète");
  });
});
