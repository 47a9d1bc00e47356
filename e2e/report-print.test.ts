import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReportItem as Item } from "../shared/reports.ts";
import { axeViolations, launchChromium, signIn } from "./browser.ts";

// The seed's demo: 62 has 2026-Q1/Q2 validated and 2026-Q3 as a draft (other browser test files may
// have submitted Q3 since: the 390 px checks hold for any status).
const baseURL = inject("baseURL");
const validated = "2026-Q2";

let browser: Browser;
let prefecture: BrowserContext;
let page: Page;
const problems: string[] = [];

/** Where an element's text starts on screen (a toggle's label is drawn after its switch). */
const textStart = (locator: Locator) =>
  locator.evaluate((el) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect().x;
  });

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
/** Spaces of any kind as one plain space: French grouping uses a narrow no-break space. */
const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, " ").trim();

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: prefecture, page } = await signIn(
    browser,
    baseURL,
    problems,
    "Préfecture du Pas-de-Calais (62)",
  ));
});

afterAll(async () => {
  await prefecture?.close();
  await browser?.close();
});

describe("a validated report, printed and as PDF", () => {
  it("prints the département, the status and the values, without inputs, navigation nor buttons", async () => {
    await page.goto(`/departements/62/trimestres/${validated}`);
    await page.getByRole("heading", { level: 1, name: "Rapport du 2e trimestre 2026" }).waitFor();
    await page.locator(".app-report__row").first().waitFor();
    const print = page.getByRole("button", { name: "Imprimer" });
    await expect.poll(() => print.isVisible()).toBe(true);
    const res = await page.request.get(`/api/v1/departments/62/periods/${validated}/report`);
    const report = (await res.json()) as { status: string; validatedBy: string; items: Item[] };
    expect(report.status).toBe("validated");

    await page.emulateMedia({ media: "print" });
    try {
      for (const hidden of [
        page.locator(".fr-header"),
        page.locator(".fr-footer"),
        page.locator(".fr-breadcrumb"),
        page.locator(".fr-sidemenu"),
        print,
        page.getByRole("link", { name: "Télécharger le PDF" }),
        page.getByRole("link", { name: "Télécharger en CSV" }),
      ]) {
        await expect.poll(() => hidden.first().isVisible()).toBe(false);
      }
      await expect
        .poll(() => page.locator("main :is(input, select, textarea, button):visible").count())
        .toBe(0);

      // Rows arrive a few at a time on screen; printing renders all of them.
      await expect
        .poll(() => page.locator("tr.app-report__row").count(), { timeout: 15_000 })
        .toBe(report.items.length);
      const text = plain(await page.locator("main").innerText());
      expect(text).toContain("Rapport du 2e trimestre 2026");
      expect(text).toContain("Département : Pas-de-Calais (62)");
      expect(text).toMatch(new RegExp(`Statut : Validé le \\d+(er)? \\S+ 2026 par ${report.validatedBy}`));
      // Every answered numeric indicator shows its value, in French format, on its own row.
      const numeric = report.items.filter((i) => i.state === "value" && typeof i.value === "number");
      expect(numeric.length).toBeGreaterThan(10);
      for (const item of numeric.slice(0, 12)) {
        const row = page.locator("tr.app-report__row", {
          has: page.locator(".app-report__code", { hasText: new RegExp(`^${item.indicator}$`) }),
        });
        const cell = plain(await row.locator(".app-report__answer").innerText());
        expect(cell, item.indicator).toContain(plain(numberFormat.format(item.value as number)));
      }
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("downloads the PDF to sign from « Télécharger le PDF »", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Télécharger le PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("rapport-62-2026-T2.pdf");
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

describe("the entry page at 390 px", () => {
  beforeAll(async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/departements/62/trimestres/2026-Q3");
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    await page.locator(".app-report__row").first().waitFor();
  });

  it("shows one card per indicator and no sideways scrolling", async () => {
    await expect.poll(() => page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    const row = page.locator("tr.app-report__row").first();
    await expect
      .poll(() => row.evaluate((tr) => tr.ownerDocument.defaultView?.getComputedStyle(tr).display))
      .toBe("block");
    // The card says what each part is: the table's column headers are not in view.
    await expect.poll(() => row.getByText(/^Trimestre précédent \(T2 2026\) :/).isVisible()).toBe(true);
    await expect.poll(() => row.getByText("Réponse T3 2026", { exact: true }).isVisible()).toBe(true);
    // Every card, with its fields, fits the screen.
    const overflowing = await page
      .locator(".app-report__row, .app-report__row :is(input, select, textarea)")
      .evaluateAll((all) =>
        all.filter((e) => e.getBoundingClientRect().right > 390).map((e) => e.id || e.className),
      );
    expect(overflowing).toEqual([]);
  });

  it("shows the partners' progress as cards, without sideways scrolling", async () => {
    const partners = page.locator(".app-partners");
    await partners.waitFor();
    const [scrollWidth, clientWidth] = await partners.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const row = partners.locator("tbody tr").first();
    await expect
      .poll(() => row.evaluate((tr) => tr.ownerDocument.defaultView?.getComputedStyle(tr).display))
      .toBe("block");
    const right = await partners
      .locator("tbody :is(th, td)")
      .evaluateAll((cells) => Math.max(...cells.map((c) => c.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
  });

  it("puts each toggle's hint under its own toggle, clear of the next one", async () => {
    const toggles = page.locator(".app-report__tools .fr-toggle");
    const count = await toggles.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const toggle = toggles.nth(i);
      const hint = toggle.locator(".fr-hint-text");
      if ((await hint.count()) === 0) continue;
      const label = await toggle.locator("label").boundingBox();
      const box = await hint.boundingBox();
      expect(label && box).toBeTruthy();
      if (!label || !box) continue;
      expect(box.y).toBeGreaterThanOrEqual(label.y + label.height - 1);
      // Aligned with the label's text, not with the switch drawn before it.
      const [hintX, labelX] = await Promise.all([textStart(hint), textStart(toggle.locator("label"))]);
      expect(Math.abs(hintX - labelX)).toBeLessThan(4);
      if (i + 1 < count) {
        const next = await toggles.nth(i + 1).boundingBox();
        expect(next && next.y - (box.y + box.height)).toBeGreaterThanOrEqual(8);
      }
    }
  });

  // axe reads the whole 390 px page (60 cards) in 30-45 s on a loaded machine: more than the default minute.
  it("has no accessibility violation at 390 px", { timeout: 180_000 }, async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it("has none either with the history dialog open (every field keeps its label)", {
    timeout: 180_000,
  }, async () => {
    await page
      .getByRole("button", { name: /^Historique de / })
      .first()
      .click();
    await page
      .getByRole("dialog")
      .getByRole("heading", { name: /^Historique de / })
      .waitFor();
    await page.getByRole("dialog").locator("table, p").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    expect(problems).toEqual([]);
  });
});
