import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, signIn, stepsBuildOnEachOther } from "./browser.ts";

// The national analyst: one indicator across départements for a quarter (map, legend, table,
// evolution), each département a link by mouse, keyboard and touch, all of it in the address.
// The seed's demo gives 2026-Q3 values to 59, 62 (half) and thirteen more départements.

const baseURL = inject("baseURL");
const period = "2026-Q3";
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** A national indicator counted in units, not derived: it has a per-capita mode. */
let code = "";

const section = () => page.locator('section[aria-labelledby="titre-indicateur"]');
const map = () => section().locator("svg.app-map__svg");
const area = (department: string) => map().locator(`path[data-code="${department}"]`).last();
const param = (name: string) => new URL(page.url()).searchParams.get(name);

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Administration centrale (national)"));
  const res = await page.request.get("/api/v1/indicators");
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as {
    items: { code: string; unit: string; derived: boolean; retiredAt: string | null }[];
  };
  const counts = items.filter((i) => i.unit === "count" && !i.derived && !i.retiredAt);
  // The count indicator the seed answered in the most départements this quarter.
  let best = -1;
  for (const i of counts.slice(0, 6)) {
    const s = await page.request.get(`/api/v1/national/indicators/${i.code}?period=${period}`);
    const body = (await s.json()) as { periods: { count: number }[] };
    const n = body.periods[0]?.count ?? 0;
    if (n > best) [best, code] = [n, i.code];
  }
  expect(best).toBeGreaterThanOrEqual(8);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("one indicator across départements", () => {
  it("maps the chosen indicator in classes, with its legend, table and evolution; all in the address", async () => {
    await page.goto(`/national?trimestre=${period}`);
    await section().getByLabel("Indicateur").selectOption(code);
    await page.waitForURL((url) => url.searchParams.get("indicateur") === code);
    expect(param("trimestre")).toBe(period);
    // The chosen indicator's figures, not the first indicator's shown before the choice.
    await section()
      .locator("caption", { hasText: `${code} au ` })
      .waitFor();
    await section().locator(`tr[data-indicator-department="62"]`).waitFor();

    // 96 metropolitan départements, the 5 DROM and the Paris inset's 4 again; each one a link.
    await expect.poll(() => map().locator("path[data-code]").count()).toBe(96 + 5 + 4);
    await expect.poll(() => map().locator("a.app-map__link").count()).toBe(96 + 5 + 4);
    const classes = await map()
      .locator("path.app-map__area")
      .evaluateAll((paths) => paths.map((p) => p.getAttribute("class")?.match(/app-map__area--(\w+)/)?.[1]));
    const coloured = new Set(classes.filter((c) => c?.startsWith("q")));
    expect(coloured.size).toBeGreaterThanOrEqual(3);
    // The legend counts the départements of each class: together, every one with a figure.
    const legend = section().getByRole("list", { name: /^Légende de la carte/ });
    // …and ends with the départements without a figure.
    const items = await legend.locator("li").allTextContents();
    expect(items[items.length - 1]).toBe("Pas de donnée");
    const counts = items.slice(0, -1).map((t) => Number(/\((\d+)\)$/.exec(t)?.[1]));
    const withFigure = (
      await section().locator("tr[data-indicator-department] td:nth-child(2)").allTextContents()
    ).filter((t) => /^\d/.test(t)).length;
    expect(counts.reduce((s, n) => s + n, 0)).toBe(withFigure);
    await expect.poll(() => area("974").locator("title").textContent()).toMatch(/^La Réunion \(974\) : \d/);
    // The evolution chart of the same indicator sits beside the map.
    await section().locator("svg.app-chart").waitFor();
    await expect
      .poll(() =>
        section()
          .getByRole("heading", { name: `Évolution nationale de ${code}` })
          .isVisible(),
      )
      .toBe(true);
  });

  it("shows counts per 100 000 inhabitants, and Back and reload keep what was chosen", async () => {
    const before = await area("59").locator("title").textContent();
    await section().getByLabel("Valeurs de la carte").selectOption("habitants");
    await page.waitForURL((url) => url.searchParams.get("mode") === "habitants");
    await expect.poll(() => area("59").locator("title").textContent()).toMatch(/pour 100 000 habitants$/);
    await expect
      .poll(() =>
        section()
          .getByRole("list", { name: /pour 100 000 habitants/ })
          .isVisible(),
      )
      .toBe(true);

    await page.reload();
    await area("59").waitFor();
    await expect.poll(() => section().getByLabel("Valeurs de la carte").inputValue()).toBe("habitants");
    await expect.poll(() => section().getByLabel("Indicateur").inputValue()).toBe(code);

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get("mode") === null);
    await expect.poll(() => area("59").locator("title").textContent()).toBe(before);
    await expect.poll(() => section().getByLabel("Indicateur").inputValue()).toBe(code);
  });

  it("has no accessibility violation with the map, at desktop width and at 390 px", async () => {
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await area("62").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 300_000); // two axe runs over 105 map areas: 150 s on a loaded 2-core machine

  it("reaches the départements by keyboard and opens one's report with Enter", async () => {
    // Independent of the previous step, which may have stopped at 390 px.
    await page.setViewportSize({ width: 1280, height: 900 });
    await section().getByLabel("Valeurs de la carte").focus();
    await page.keyboard.press("Tab");
    const first = await page.locator(":focus").getAttribute("class");
    expect(first).toBe("app-map__link");
    const link = map().locator('a.app-map__link[aria-label^="Pas-de-Calais (62)"]');
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/departements/62/trimestres/${period}?indicateur=${code}`);
    await page.locator("main h1").first().waitFor();
    // Back returns to the map as it was.
    await page.goBack();
    await page.waitForURL(
      (url) => url.pathname === "/national" && url.searchParams.get("indicateur") === code,
    );
    await area("62").waitFor();
  });

  it("opens a département's report by touch", async () => {
    const touch = await browser.newContext({
      baseURL,
      locale: "fr-FR",
      hasTouch: true,
      isMobile: true,
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    try {
      const phone = await touch.newPage();
      await phone.goto(`/national?trimestre=${period}&indicateur=${code}`);
      const reunion = phone
        .locator(
          'section[aria-labelledby="titre-indicateur"] a.app-map__link[aria-label^="La Réunion (974)"]',
        )
        .first();
      await reunion.tap();
      await phone.waitForURL(`**/departements/974/trimestres/${period}?indicateur=${code}`);
    } finally {
      await touch.close();
    }
  });

  it("logged no CSP violation and no script error", () => {
    expect(problems).toEqual([]);
  });
});
