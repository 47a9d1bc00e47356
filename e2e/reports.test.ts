import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReportItem as Item } from "../shared/reports.ts";
import { axeViolations, launchChromium, signIn as signInAs, stepsBuildOnEachOther } from "./browser.ts";

// The seed's demo: 62 has 2026-Q1/Q2 validated and 2026-Q3 as a half-filled draft (open since
// 2026-10-01, so it stays open whatever the day the test runs).
const baseURL = inject("baseURL");
const period = "2026-Q3";
const reportApi = `/api/v1/departments/62/periods/${period}/report`;

let browser: Browser;
let prefecture: BrowserContext;
let national: BrowserContext;
let page: Page;
/** Every CSP refusal and uncaught error the browser reports during the whole scenario. */
const problems: string[] = [];

const signIn = (label: string) => signInAs(browser, baseURL, problems, label);

/** The report as the API gives it to the signed-in prefecture, with its ETag. */
async function readReport(): Promise<{ items: Item[]; etag: string; status: string; completeness: number }> {
  const res = await page.request.get(reportApi);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: Item[]; status: string; completeness: number };
  return { ...body, etag: res.headers().etag ?? "" };
}

const sample: Record<Item["unit"], unknown> = {
  count: 4,
  percent: 50,
  yes_no: true,
  days: 12,
  euros: 1500,
  text: "Action conduite comme prévu",
};

const main = () => page.locator("main");
const saveStatus = () => page.locator(".app-save [role=status]");
const field = (code: string, kind: "value" | "state" | "comment" = "value") =>
  page.locator(`[id="champ-${kind}-${code.replace(/[^\w-]/g, "_")}"]`);

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: prefecture, page } = await signIn("Préfecture du Pas-de-Calais (62)"));
});

afterAll(async () => {
  await prefecture?.close();
  await national?.close();
  await browser?.close();
});

let missing: Item[] = [];
/** The numeric indicators answered in the browser by the first scenario. */
let typedIn: Item[] = [];

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("entering and submitting a quarter report, in the browser", () => {
  it("lists the quarters of the département with their status", async () => {
    await page.goto("/departements/62");
    await main()
      .getByRole("link", { name: /Rapports trimestriels/ })
      .click();
    await page.waitForURL("**/departements/62/trimestres");
    const row = page.getByRole("row", { name: /3e trimestre 2026/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Brouillon/);
    await expect
      .poll(() => page.getByRole("row", { name: /2e trimestre 2026/ }).textContent())
      .toMatch(/Validé/);
    await row.getByRole("link", { name: "3e trimestre 2026" }).click();
    await page.waitForURL(`**/departements/62/trimestres/${period}`);
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    await expect.poll(() => page.locator(".app-report__status").textContent()).toBe("Brouillon");
  });

  it("saves typed values and a « non applicable » with its comment as a draft, without submitting", async () => {
    const report = await readReport();
    missing = report.items.filter((i) => i.state === null && i.editable && !i.derived);
    const numeric = missing.filter((i) => ["count", "days", "euros", "percent"].includes(i.unit));
    expect(numeric.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = numeric as [Item, Item, Item];
    typedIn = [first, second];

    // Submitting is impossible while answers are missing: the button says how many.
    await expect
      .poll(() =>
        page.getByRole("button", { name: /^Soumettre \(\d+ réponses? manquantes?\)$/ }).isDisabled(),
      )
      .toBe(true);

    await field(first.indicator).fill("12");
    // Enter moves to the next indicator's field, like a spreadsheet.
    await field(first.indicator).press("Enter");
    const focused = page.locator(":focus");
    await expect.poll(() => focused.getAttribute("data-entry-value")).toBe("");
    await expect
      .poll(() => focused.getAttribute("id"))
      .not.toBe(`champ-value-${first.indicator.replace(/[^\w-]/g, "_")}`);
    await field(second.indicator).fill(second.unit === "count" ? "7" : "7,5");
    await expect.poll(() => saveStatus().textContent()).toMatch(/non enregistrées|Enregistrement/);

    await field(third.indicator, "state").selectOption("not_applicable");
    // "Non applicable" needs a reason: autosave waits for it and says so next to the field.
    await page
      .getByText("Expliquez en commentaire pourquoi cet indicateur ne s'applique pas")
      .first()
      .waitFor();
    await field(third.indicator, "comment").fill(
      "Aucune structure concernée dans le département ce trimestre",
    );
    await field(third.indicator, "comment").blur();

    await page.getByText(/^Brouillon enregistré à \d{2}:\d{2}$/).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator(".app-report__status").textContent()).toBe("Brouillon");

    // Read from the API until all three are there: the status line may speak of an earlier save
    // (the first value is saved when Enter leaves its field).
    const stored = async () => {
      const saved = new Map((await readReport()).items.map((i) => [i.indicator, i]));
      return [first, second, third].map((i) => saved.get(i.indicator));
    };
    await expect.poll(stored).toMatchObject([
      { state: "value", value: 12 },
      { state: "value", value: second.unit === "count" ? 7 : 7.5 },
      {
        state: "not_applicable",
        value: null,
        comment: "Aucune structure concernée dans le département ce trimestre",
      },
    ]);
    missing = missing.filter((i) => ![first, second, third].includes(i));
  });

  it("saves anyway when someone else saved other indicators meanwhile (412 retried on the new version)", async () => {
    const [last, ...others] = missing as [Item, ...Item[]];
    // Another agent fills every other missing answer through the API: the page's ETag is now stale.
    const { etag } = await readReport();
    const res = await page.request.put(`${reportApi}/values`, {
      headers: { "if-match": etag, origin: baseURL },
      data: {
        values: others.map((i) => ({ indicator: i.indicator, state: "value", value: sample[i.unit] })),
      },
    });
    expect(res.status()).toBe(200);

    const typed = last.unit === "yes_no" ? "true" : last.unit === "text" ? "Fait" : "3";
    if (last.unit === "yes_no") await field(last.indicator).selectOption(typed);
    else await field(last.indicator).fill(typed);
    await field(last.indicator).blur();
    await page.getByText(/^Brouillon enregistré à \d{2}:\d{2}$/).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByText("Quelqu'un d'autre a modifié ce rapport").count()).toBe(0);
    await expect.poll(() => field(last.indicator).inputValue()).toBe(typed);
    await page.getByText("Complétude : 100 %").waitFor();
    await expect.poll(async () => (await readReport()).completeness).toBe(1);
  });

  it("keeps the typed value when someone else changed the same indicator, then saves it after a reload", async () => {
    const [first] = typedIn as [Item];
    await field(first.indicator).fill("13");
    // Someone else answers that very indicator before the autosave.
    const { etag } = await readReport();
    const res = await page.request.put(`${reportApi}/values`, {
      headers: { "if-match": etag, origin: baseURL },
      data: { values: [{ indicator: first.indicator, state: "value", value: 20 }] },
    });
    expect(res.status()).toBe(200);
    await field(first.indicator).blur();
    await page.getByText("Quelqu'un d'autre a modifié ce rapport").waitFor();
    await expect.poll(() => field(first.indicator).inputValue()).toBe("13");
    await page.getByText(/Modifié entre-temps par quelqu'un d'autre : 20/).waitFor();

    await page.getByRole("button", { name: "Recharger le rapport" }).click();
    await page.getByText(/^Brouillon enregistré à \d{2}:\d{2}$/).waitFor({ timeout: 10_000 });
    await expect.poll(() => field(first.indicator).inputValue()).toBe("13");
    await expect
      .poll(async () => (await readReport()).items.find((i) => i.indicator === first.indicator))
      .toMatchObject({ state: "value", value: 13 });
  });

  it("keeps the typed value through « non applicable » and back", async () => {
    const [first] = typedIn as [Item];
    await field(first.indicator, "state").selectOption("not_applicable");
    await field(first.indicator, "state").selectOption("value");
    await expect.poll(() => field(first.indicator).inputValue()).toBe("13");
    const saveState = page.locator(".app-save");
    await expect.poll(() => saveState.getAttribute("class")).toContain("app-save--pending");
    await field(first.indicator, "state").blur();
    // Saved on leaving the field, or by the autosave 1.5 s after the last change: wait until
    // nothing is left to save (a state, not a fixed delay).
    await expect.poll(() => saveState.getAttribute("class"), { timeout: 10_000 }).toContain("app-save--ok");
    await expect
      .poll(async () => (await readReport()).items.find((i) => i.indicator === first.indicator))
      .toMatchObject({ state: "value", value: 13 });
  });

  it("saves what was just typed when the user leaves the page through a link", async () => {
    const [, second] = typedIn as [Item, Item];
    await field(second.indicator).fill("9");
    await page.getByRole("link", { name: "Rapports trimestriels" }).first().click();
    await page.waitForURL("**/departements/62/trimestres");
    await expect
      .poll(async () => (await readReport()).items.find((i) => i.indicator === second.indicator)?.value)
      .toBe(9);
    await page.goto(`/departements/62/trimestres/${period}`);
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
  });

  it("has no accessibility violation on the quarter page", async () => {
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/maillage-e2e-report.png" });
  });

  it("filters by responsible organisation, the choice kept in the address across a reload", async () => {
    const { items } = await readReport();
    const shown = () => page.locator("tr.app-report__row .app-report__code").allTextContents();
    const select = page.getByLabel("Renseigné par");
    // Re-rendering the 66 rows takes more than expect.poll's default second on a loaded machine.
    const slow = { timeout: 15_000 };
    const partner = items.find((i) => i.responsibleOrganisationId && !i.derived);
    if (!partner?.responsibleOrganisationId)
      throw new Error("the seed gives no indicator of 62 to a partner");
    const id = partner.responsibleOrganisationId;
    const theirs = items
      .filter((i) => i.responsibleOrganisationId === id && !i.derived)
      .map((i) => i.indicator);
    const prefectures = items
      .filter((i) => i.responsibleOrganisationId === null && !i.derived)
      .map((i) => i.indicator);

    await select.selectOption(id);
    await page.waitForURL((url) => url.searchParams.get("organisation") === id);
    await expect.poll(async () => (await shown()).sort(), slow).toEqual([...theirs].sort());
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    await expect.poll(() => select.inputValue(), slow).toBe(id);
    await expect.poll(async () => (await shown()).sort(), slow).toEqual([...theirs].sort());

    await select.selectOption({ label: "La préfecture" });
    await page.waitForURL((url) => url.searchParams.get("organisation") === "prefecture");
    await expect.poll(async () => (await shown()).sort(), slow).toEqual([...prefectures].sort());
    await select.selectOption({ label: "Toutes" });
    await page.waitForURL((url) => !url.searchParams.has("organisation"));
    await expect.poll(async () => (await shown()).length, slow).toBe(items.length);
  });

  it("submits through a dialog that says what goes to whom, then validates the same way, and shows the lock", async () => {
    const submit = page.getByRole("button", { name: "Soumettre", exact: true });
    const dialog = page.getByRole("dialog", { name: "Soumettre le rapport du 3e trimestre 2026 ?" });
    await submit.click();
    await dialog.waitFor();
    const wording = (await dialog.textContent()) ?? "";
    const { items } = await readReport();
    const typed = items.filter((i) => !i.derived).length;
    expect(wording).toMatch(new RegExp(`${typed} réponses sur ${typed} indicateurs attendus`));
    expect(wording).toMatch(/« non applicable »/);
    // No validator is designated in the seed: any prefecture agent validates.
    expect(wording).toMatch(/tout agent de la préfecture du département peut le valider/);
    expect(wording).toMatch(/les ministères le voient comme validé dans la vue nationale/);
    expect(wording).not.toMatch(/attend\w* (la )?validation de la préfecture/);
    await page.screenshot({ path: "/tmp/maillage-e2e-submit-dialog.png" });
    // The dialog itself (the table behind it is the entry page's, checked above with no dialog open).
    const inDialog = await new AxeBuilder({ page }).include("#soumettre-rapport").analyze();
    expect(inDialog.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
    // « Annuler » changes nothing and gives focus back to the button that opened the dialog.
    await dialog.getByRole("button", { name: "Annuler" }).click();
    await expect.poll(() => submit.evaluate((el) => el.matches(":focus"))).toBe(true);
    expect((await readReport()).status).toBe("draft");

    await submit.click();
    await dialog.getByRole("button", { name: "Soumettre le rapport" }).click();
    await page.getByText("Le rapport est soumis").waitFor();
    await expect.poll(() => page.locator(".app-report__status").textContent()).toBe("Soumis");
    await expect
      .poll(() => page.locator(".app-report__people").textContent())
      .toMatch(/^Soumis le \d{1,2}(er)? \S+ \d{4} par prefecture-62@maillage\.test$/);

    await page.getByRole("button", { name: "Valider", exact: true }).click();
    const validate = page.getByRole("dialog", { name: "Valider le rapport du 3e trimestre 2026 ?" });
    await validate.waitFor();
    await expect.poll(() => validate.textContent()).toMatch(/verrouillée pour tous.*Pour corriger/s);
    await validate.getByRole("button", { name: "Valider le rapport" }).click();
    await page.getByText("Rapport validé : saisie verrouillée").waitFor();
    await expect
      .poll(() => page.locator(".app-report__people").textContent())
      .toMatch(/· validé le \d{1,2}(er)? \S+ \d{4} par prefecture-62@maillage\.test$/);
    await expect.poll(() => page.locator(".app-report__status").textContent()).toBe("Validé");
    await expect
      .poll(() => page.locator(".fr-alert").filter({ hasText: "saisie verrouillée" }).textContent())
      .toMatch(/Validé le \d{1,2} \S+ \d{4} par la préfecture/);
    await expect.poll(() => page.locator("[data-entry-value]").count()).toBe(0);
    await expect.poll(() => page.getByRole("button", { name: "Rouvrir" }).isVisible()).toBe(true);
    await page.screenshot({ path: "/tmp/maillage-e2e-report-validated.png" });
    expect((await readReport()).status).toBe("validated");
  });
});

describe("the national view, in the browser", () => {
  let nationalPage: Page;

  it("shows 62 complete in the table and on the map", async () => {
    ({ context: national, page: nationalPage } = await signIn("Administration centrale (national)"));
    await nationalPage.getByRole("link", { name: "Vue nationale" }).first().click();
    await nationalPage.waitForURL("**/national");
    await nationalPage.getByLabel("Trimestre", { exact: true }).selectOption(period);
    const row = nationalPage.locator('tr[data-department="62"]');
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Pas-de-Calais.*Validé.*100 %/);

    const map = nationalPage.locator('section[aria-labelledby="titre-completude"] svg.app-map__svg');
    await map.waitFor();
    // 96 metropolitan départements, the 5 DROM and the Paris inset's 4 again.
    await expect.poll(() => map.locator("path[data-code]").count()).toBe(96 + 5 + 4);
    await expect
      .poll(() => map.locator('path[data-code="62"]').getAttribute("class"))
      .toContain("app-map__area--k4");
    await expect
      .poll(() => map.locator('path[data-code="974"] title').textContent())
      .toMatch(/La Réunion \(974\)/);
    await expect
      .poll(() => map.locator('path[data-code="62"] title').textContent())
      .toMatch(/Pas-de-Calais \(62\) : 100 %/);
  });

  it("sorts the table by completeness", async () => {
    await nationalPage.getByRole("button", { name: /^Complétude/ }).click();
    const header = nationalPage.locator("th[aria-sort]").filter({ hasText: "Complétude" });
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("descending");
    const shown = await nationalPage.locator("tr[data-department] td:nth-child(3)").allTextContents();
    const ratios = shown.map((t) => Number.parseInt(t, 10));
    expect(ratios[0]).toBe(100);
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
  });

  it("draws an indicator's evolution with its data table and CSV link", async () => {
    const chart = nationalPage.locator("svg.app-chart");
    await chart.waitFor();
    await expect.poll(() => chart.locator("text.app-chart__tick--x").count()).toBe(8);
    const csv = nationalPage.getByRole("link", { name: /Télécharger les valeurs/ });
    const href = (await csv.getAttribute("href")) ?? "";
    expect(href).toMatch(
      /^\/api\/v1\/national\/indicators\/[^/]+\/values\.csv\?from=\d{4}-Q\d&to=\d{4}-Q\d$/,
    );
    const res = await nationalPage.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
  });

  // Two maps of 105 areas and two tables of 101 rows: axe needs more than the default minute on a
  // loaded 2-core machine.
  it("has no accessibility violation on the national page", { timeout: 240_000 }, async () => {
    await nationalPage.getByRole("heading", { level: 1, name: "Vue nationale" }).waitFor();
    await nationalPage
      .locator('section[aria-labelledby="titre-contrats"] tr[data-contracts-department]')
      .first()
      .waitFor();
    expect(await axeViolations(nationalPage)).toEqual([]);
    await nationalPage.screenshot({ path: "/tmp/maillage-e2e-national.png", fullPage: true });
  });

  it("shows the local contracts in force, on a map whose départements open their contracts from the keyboard", async () => {
    const section = nationalPage.locator('section[aria-labelledby="titre-contrats"]');
    // The seed's CU d'Arras contract is in force since 1 April 2026, with five signatories.
    const row = section.locator('tr[data-contracts-department="62"]');
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    expect(Number(cells[0])).toBeGreaterThanOrEqual(1);
    expect(Number(cells[1])).toBeGreaterThanOrEqual(2);
    const map = section.locator("svg.app-map__svg");
    await expect.poll(() => map.locator("a path[data-code]").count()).toBe(96 + 5 + 4);
    await expect
      .poll(() => map.locator('path[data-code="62"]').first().getAttribute("class"))
      .toMatch(/app-map__area--c[1-4]/);
    await expect
      .poll(() => map.locator('path[data-code="62"]').first().getAttribute("class"))
      .not.toContain("c0");
    const link = map.locator('a[href="/departements/62/contrats"]').first();
    await expect
      .poll(() => link.getAttribute("aria-label"))
      .toMatch(/Pas-de-Calais \(62\) : \d+ contrats? en vigueur, .*%/);
    await link.focus();
    await expect.poll(() => link.evaluate((el) => el.matches(":focus"))).toBe(true);
    await nationalPage.keyboard.press("Enter");
    await nationalPage.waitForURL("**/departements/62/contrats");
    await nationalPage.goBack();
    // The quarter chosen above is in the address now (?trimestre=…).
    await nationalPage.waitForURL((url) => url.pathname === "/national");
  });

  it("logged no CSP violation and no script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
