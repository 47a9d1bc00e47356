import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReportItem as Item } from "../shared/reports.ts";
import { launchChromium, signIn, stepsBuildOnEachOther } from "./browser.ts";

// Importing a file through the report page. The import names the version it replaces (If-Match),
// like a save: a file imported over someone else's newer figures is refused, not silently applied.
// Nord (59) only, so the files about Pas-de-Calais are not disturbed; the seed leaves its
// 2026-Q3 report submitted, so the scenario reopens it first.

const baseURL = inject("baseURL");
const period = "2026-Q3";
const reportApi = `/api/v1/departments/59/periods/${period}/report`;
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function readReport(): Promise<{ items: Item[]; etag: string; status: string }> {
  const res = await page.request.get(reportApi);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: Item[]; status: string };
  return { ...body, etag: res.headers().etag ?? "" };
}

const storedValue = async (indicator: string) =>
  (await readReport()).items.find((i) => i.indicator === indicator)?.value;

async function importCsv(text: string) {
  await page.getByLabel("Importer un fichier").setInputFiles({
    name: "rapport.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(text, "utf-8"),
  });
  await page.getByRole("button", { name: "Importer le fichier" }).click();
}

let target: Item;

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Préfecture du Nord (59)"));
  const report = await readReport();
  if (report.status !== "draft") {
    const reopened = await page.request.post(`${reportApi}/reopen`, {
      headers: { "if-match": report.etag, origin: baseURL },
      data: { reason: "Import de chiffres corrigés (test)" },
    });
    expect(reopened.status()).toBe(200);
  }
  target = (await readReport()).items.find((i) => i.unit === "count" && i.editable && !i.derived) as Item;
  expect(target).toBeDefined();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("importing a file on the report page, in the browser", () => {
  it("imports a CSV file with the report's version, and shows the imported value", async () => {
    await page.goto(`/departements/59/trimestres/${period}`);
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    const next = Number(target.value ?? 0) + 7;
    await importCsv(`indicateur;valeur\n${target.indicator};${next}\n`);
    await page.getByText(/^Import terminé : 1 valeur modifiée/).waitFor();
    expect(await storedValue(target.indicator)).toBe(next);
    expect(problems).toEqual([]);
  });

  it("refuses the file when someone else saved after the page read the report (412), and writes nothing", async () => {
    const { etag } = await readReport();
    // Another agent saves through the API: the page's ETag is now stale.
    const saved = await page.request.put(`${reportApi}/values`, {
      headers: { "if-match": etag, origin: baseURL },
      data: { values: [{ indicator: target.indicator, state: "value", value: 1234 }] },
    });
    expect(saved.status()).toBe(200);
    await importCsv(`indicateur;valeur\n${target.indicator};99\n`);
    await page.getByText(/modifié par quelqu'un d'autre depuis votre lecture/).waitFor();
    expect(await storedValue(target.indicator)).toBe(1234);
  });
});
