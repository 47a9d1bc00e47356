import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, openPage, signIn } from "./browser.ts";
import { newPrefectureUser } from "./new-prefecture.ts";

// The build ships a subset of dsfr.min.css (web/vite.config.ts, scripts/dsfr-css.ts). Nothing may
// change for the eye: in each state below, every element's computed style (and its ::before and
// ::after) is read with the subset, then with the whole DSFR stylesheet swapped in on the same page,
// in the same state; any difference fails, naming the element and the property. The test serves the
// whole file from node_modules under a name of its own (the app's pages never link it).

const baseURL = inject("baseURL");
const problems: string[] = [];
const FULL_CSS = readFileSync(
  path.join(import.meta.dirname, "..", "node_modules", "@codegouvfr", "react-dsfr", "dsfr", "dsfr.min.css"),
  "utf8",
);
const DIST = path.join(import.meta.dirname, "..", "web", "dist");
const FULL_HREF = "/dsfr/dsfr.full-for-test.min.css";
// Served by the test too (the CSP allows no inline style): no transition caught half-way in a swap.
const STILL_HREF = "/dsfr/no-transitions-for-test.css";
const SUBSET_LINK = 'link[rel=stylesheet][href^="/dsfr/dsfr.app-"]';

let browser: Browser;
let anonymous: BrowserContext;
let prefecture: BrowserContext;
let national: BrowserContext;
let entry: BrowserContext;
/** Départements other browser test files sign in to or write to. */
const TAKEN = ["62", "59", "80", "76", "14"];
/** A département of this file's own, with a 2026-Q3 draft (see beforeAll). */
let ENTRY = "";

async function serveFullCss(context: BrowserContext) {
  await context.route(`**${FULL_HREF}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/css", body: FULL_CSS }),
  );
  await context.route(`**${STILL_HREF}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/css",
      body: "*,*::before,*::after{transition:none!important;animation:none!important}",
    }),
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: anonymous } = await openPage(browser, baseURL, problems));
  ({ context: prefecture } = await signIn(browser, baseURL, problems, "Préfecture du Pas-de-Calais (62)"));
  ({ context: national } = await signIn(browser, baseURL, problems, "Administration centrale (national)"));
  // The entry page in a state to type in: a département of its own whose 2026-Q3 is a draft (62's
  // is submitted and validated by e2e/reports.test.ts, which may run first).
  const reading = await national.newPage();
  const { items } = (await (await reading.request.get("/api/v1/national/reports?period=2026-Q3")).json()) as {
    items: { departmentCode: string; status: string }[];
  };
  await reading.close();
  const free = items.find((i) => i.status === "draft" && !TAKEN.includes(i.departmentCode));
  if (!free) throw new Error("no département with a 2026-Q3 draft for the entry page");
  ENTRY = free.departmentCode;
  ({ context: entry } = await newPrefectureUser(
    browser,
    baseURL,
    problems,
    ENTRY,
    `prefecture-${ENTRY}@maillage.test`,
  ));
  for (const context of [anonymous, prefecture, national, entry]) await serveFullCss(context);
});

afterAll(async () => {
  await browser?.close();
});

const PROPERTIES = [
  "display",
  "position",
  "top",
  "left",
  "float",
  "visibility",
  "opacity",
  "z-index",
  "box-sizing",
  "width",
  "height",
  "min-height",
  "max-width",
  "margin-top",
  "margin-right",
  "margin-bottom",
  "margin-left",
  "padding-top",
  "padding-right",
  "padding-bottom",
  "padding-left",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "line-height",
  "text-align",
  "text-decoration-line",
  "text-transform",
  "white-space",
  "color",
  "background-color",
  "background-image",
  "border-top-width",
  "border-right-width",
  "border-bottom-width",
  "border-left-width",
  "border-top-style",
  "border-bottom-style",
  "border-top-color",
  "border-bottom-color",
  "border-radius",
  "box-shadow",
  "outline-style",
  "flex-direction",
  "justify-content",
  "align-items",
  "gap",
  "overflow-x",
  "overflow-y",
  "list-style-type",
  "mask-image",
  "content",
];

// Scripts run in the page (strings: this file is type-checked without the DOM's types).

/** Every element's computed style (and its ::before and ::after), keyed by a readable name of the element. */
const READ_STYLES = `(() => {
  const properties = ${JSON.stringify(PROPERTIES)};
  const out = {};
  const elements = [document.documentElement, ...document.documentElement.querySelectorAll("*")];
  elements.forEach((el, index) => {
    const id = el.id ? "#" + el.id : "";
    const classes = [...el.classList].map((c) => "." + c).join("");
    const name = el.tagName.toLowerCase() + id + classes + " (element " + index + ")";
    for (const pseudo of ["", "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo || null);
      if (pseudo && (style.content === "none" || style.content === "normal")) continue;
      for (const property of properties) out[name + pseudo + " " + property] = style.getPropertyValue(property);
    }
  });
  return out;
})()`;

/** The fonts the page asked for have loaded (text widths depend on them). */
const FONTS_LOADED = "document.fonts.ready.then(() => true)";

/** Adds a stylesheet after `old`, waits for it, then removes `old`: no moment without styles. */
async function swapStylesheet(page: Page, oldSelector: string, href: string) {
  await page.evaluate(`new Promise((resolve, reject) => {
    const old = document.querySelector(${JSON.stringify(oldSelector)});
    if (!old) return reject(new Error("no stylesheet " + ${JSON.stringify(oldSelector)}));
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = ${JSON.stringify(href)};
    link.onload = () => { old.remove(); resolve(true); };
    link.onerror = () => reject(new Error(${JSON.stringify(`${href} did not load`)}));
    old.after(link);
  })`);
}

const readStyles = (page: Page) => page.evaluate(READ_STYLES) as Promise<Record<string, string>>;

/**
 * The differences between the page's computed styles with the DSFR subset and with the whole
 * stylesheet, one line each; the page is left with the subset. Read with the subset, then the
 * whole file, then the subset again: what moved between the two reads with the subset (a status
 * line, a font arriving) is the page living, not the stylesheet, and is left out.
 */
async function differences(page: Page): Promise<string[]> {
  const subsetHref = await page.locator(SUBSET_LINK).getAttribute("href");
  if (!subsetHref) throw new Error("the page does not link the DSFR subset (npm run build first)");
  if ((await page.locator(`link[href="${STILL_HREF}"]`).count()) === 0)
    await page.addStyleTag({ url: STILL_HREF });
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(FONTS_LOADED);
    const before = await readStyles(page);
    await swapStylesheet(page, SUBSET_LINK, FULL_HREF);
    await page.evaluate(FONTS_LOADED);
    const withFull = await readStyles(page);
    await swapStylesheet(page, `link[href="${FULL_HREF}"]`, subsetHref);
    await page.evaluate(FONTS_LOADED);
    const after = await readStyles(page);
    const keys = Object.keys(before);
    const sameElements = keys.length === Object.keys(after).length && keys.every((key) => key in after);
    if (!sameElements && attempt < 3) continue;
    expect(sameElements, "the page kept changing while its styles were read").toBe(true);
    expect(keys.length).toBeGreaterThan(1000);
    const lines: string[] = [];
    for (const key of new Set([...keys, ...Object.keys(withFull)])) {
      if (before[key] === after[key] && before[key] !== withFull[key])
        lines.push(
          `${key}: ${before[key] ?? "(none)"} with the subset, ${withFull[key] ?? "(none)"} with dsfr.min.css`,
        );
    }
    return lines;
  }
}

const heading = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.locator("main h1").first().textContent()).toMatch(text);

async function withPage(context: BrowserContext, test: (page: Page) => Promise<void>) {
  const page = await context.newPage();
  try {
    await test(page);
  } finally {
    await page.close();
  }
}

describe("the DSFR subset looks like the whole DSFR", () => {
  it("on /connexion, signed out", () =>
    withPage(anonymous, async (page) => {
      await page.goto("/connexion");
      await page.getByRole("button", { name: "Préfecture du Pas-de-Calais (62)" }).waitFor();
      expect(await differences(page)).toEqual([]);
    }));

  it("on the département page, then at 390 px with the header's menu open", () =>
    withPage(prefecture, async (page) => {
      await page.goto("/departements/62");
      await heading(page, "Pas-de-Calais");
      await page.locator("#header-menu-modal[data-fr-js-modal]").waitFor({ state: "attached" });
      expect(await differences(page)).toEqual([]);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole("button", { name: "Menu" }).click();
      const nav = page.locator("#header-menu-modal").getByRole("navigation", { name: "Menu principal" });
      await expect.poll(() => nav.isVisible()).toBe(true);
      expect(await differences(page)).toEqual([]);
    }));

  it(
    "on the entry page with every row, an inline error, then the history dialog open",
    () =>
      withPage(entry, async (page) => {
        const api = `/api/v1/departments/${ENTRY}/periods/2026-Q3/report`;
        const { items } = (await (await page.request.get(api)).json()) as {
          items: { indicator: string; editable: boolean; unit: string; derived: boolean }[];
        };
        await page.goto(`/departements/${ENTRY}/trimestres/2026-Q3`);
        await heading(page, "3e trimestre 2026");
        const rows = page.locator("tr.app-report__row");
        await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(items.length);
        await page.locator("[data-fr-js-modal]").first().waitFor({ state: "attached" });
        expect(await differences(page)).toEqual([]);

        // A value that cannot be saved: checked in the browser, never sent.
        const numeric = items.find(
          (i) => i.editable && !i.derived && i.unit !== "yes_no" && i.unit !== "text",
        );
        if (!numeric) throw new Error(`no numeric indicator to type in on 2026-Q3 of ${ENTRY}`);
        const field = page.locator(`[id="champ-value-${numeric.indicator.replace(/[^\w-]/g, "_")}"]`);
        await field.fill("-5");
        await page.locator(".fr-input-group--error").first().waitFor();
        expect(await differences(page)).toEqual([]);
        await field.fill("");

        await page
          .getByRole("button", { name: /^Historique de / })
          .first()
          .click();
        const dialog = page.getByRole("dialog");
        await dialog.getByRole("heading", { name: /^Historique de / }).waitFor();
        await dialog.locator("table, p").first().waitFor();
        expect(await differences(page)).toEqual([]);
      }),
    // Each reading of ~5,000 elements' styles takes seconds on a loaded machine; there are nine.
    240_000,
  );

  it(
    "on a validated report, on screen and printed",
    () =>
      withPage(prefecture, async (page) => {
        await page.goto("/departements/62/trimestres/2026-Q2");
        await heading(page, "2e trimestre 2026");
        await page.getByRole("button", { name: "Imprimer" }).waitFor();
        expect(await differences(page)).toEqual([]);
        // Printing renders every row (web/src/reports/IndicatorTable.tsx) and applies the DSFR's print rules.
        await page.emulateMedia({ media: "print" });
        await expect.poll(() => page.locator(".fr-header").first().isVisible()).toBe(false);
        expect(await differences(page)).toEqual([]);
      }),
    240_000,
  );

  it("on the quarter list and the organisations' table", () =>
    withPage(prefecture, async (page) => {
      await page.goto("/departements/62/trimestres");
      await heading(page, /trimestriels/);
      await page.locator("main table").first().waitFor();
      expect(await differences(page)).toEqual([]);

      await page.goto("/departements/62/organisations");
      await heading(page, /Organisations/);
      await page.locator("main table").first().waitFor();
      expect(await differences(page)).toEqual([]);
    }));

  it("on the profile page", () =>
    withPage(prefecture, async (page) => {
      await page.goto("/profil");
      await heading(page, /./);
      await page.locator("main form, main table").first().waitFor();
      expect(await differences(page)).toEqual([]);
    }));

  it("on the national page with its map", () =>
    withPage(national, async (page) => {
      await page.goto("/national");
      await page.locator('tr[data-department="62"]').waitFor();
      await page.locator("svg path[data-code]").first().waitFor();
      expect(await differences(page)).toEqual([]);
    }));

  it("notices a rule the app uses when it is missing", () =>
    withPage(prefecture, async (page) => {
      // The subset without its `.fr-btn{…}` rule: the comparison must name the buttons it styled.
      await page.route("**/dsfr/dsfr.app-*.min.css", async (route) => {
        const css = readFileSync(path.join(DIST, new URL(route.request().url()).pathname), "utf8");
        const planted = css.replace(/(^|\})\.fr-btn\{[^}]*\}/, "$1");
        expect(planted.length).toBeLessThan(css.length);
        await route.fulfill({ status: 200, contentType: "text/css", body: planted });
      });
      await page.goto("/departements/62");
      await heading(page, "Pas-de-Calais");
      const found = await differences(page);
      expect(
        found.some((line) => /^\w+[^ ]*\.fr-btn[. ].* (padding-left|font-weight|min-height):/.test(line)),
      ).toBe(true);
    }));

  it("met no script error nor CSP refusal", () => {
    expect(problems).toEqual([]);
  });
});
