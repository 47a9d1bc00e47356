import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, openPage, signIn } from "./browser.ts";

// Getting around: the main navigation, focus and titles on route change, refused and unknown
// pages, the profile and its API tokens, the public-service pages, first-load JS.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let prefecture: BrowserContext;
let page: Page;
/**
 * kB as Vite counts them (1 kB = 1000 bytes), gzipped. Issue 10 asks for 120 kB; with Preact in place
 * of react-dom both pages load ~60.5 kB: the budget keeps that, with a little margin.
 */
const FIRST_LOAD_BUDGET = 66_000;
/** The DSFR's own behaviour script (menus, dialogs): main.tsx starts it once the page has loaded and the browser is idle. */
const deferred = (file: string) => /\/dsfr\.module-[\w-]+\.js$/.test(file);

/** The JS files a fresh load of `path` downloads, each with its gzipped size (what a first visit costs on the wire). */
async function firstLoadJs(
  context: BrowserContext,
  path: string,
): Promise<{ files: { path: string; size: number }[] }> {
  const fresh = await context.newPage();
  const scripts: Promise<{ path: string; size: number }>[] = [];
  fresh.on("response", (res) => {
    if (res.request().resourceType() === "script")
      scripts.push(
        res.body().then((body) => ({ path: new URL(res.url()).pathname, size: gzipSync(body).length })),
      );
  });
  const dsfrLoaded = fresh.waitForResponse((res) => deferred(new URL(res.url()).pathname));
  await fresh.goto(path);
  await fresh.locator("main h1").first().waitFor();
  // The deferred DSFR script arrives last: once it has, nothing else is on its way.
  await dsfrLoaded;
  await fresh.waitForLoadState("networkidle");
  const files = await Promise.all(scripts);
  await fresh.close();
  return { files };
}

/** Whether the focused element is an h1, and its text. */
const focused = async (p: Page) => {
  const element = p.locator(":focus");
  if ((await element.count()) === 0) return { tag: "", text: "" };
  const isH1 = (await p.locator("h1:focus").count()) > 0;
  return { tag: isH1 ? "H1" : "other", text: ((await element.first().textContent()) ?? "").trim() };
};

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

describe("the public-service pages", () => {
  it("are linked from the footer, each a page of its own with an h1, a title and no axe violation", async () => {
    const { context, page: anonymous } = await openPage(browser, baseURL, problems);
    try {
      await anonymous.goto("/connexion");
      const footer = anonymous.locator("#footer");
      const pages = [
        ["Accessibilité : non conforme", "/accessibilite", "Déclaration d'accessibilité"],
        ["Mentions légales", "/mentions-legales", "Mentions légales"],
        ["Données personnelles", "/donnees-personnelles", "Données personnelles"],
        ["Gestion des cookies", "/gestion-des-cookies", "Gestion des cookies"],
        ["Plan du site", "/plan-du-site", "Plan du site"],
      ] as const;
      for (const [link, path, heading] of pages) {
        await footer.getByRole("link", { name: link, exact: true }).click();
        await anonymous.waitForURL(`**${path}`);
        await anonymous.getByRole("heading", { level: 1, name: heading }).waitFor();
        await expect.poll(() => anonymous.title()).toBe(`${heading} — Maillage`);
        expect(await axeViolations(anonymous)).toEqual([]);
      }
      await anonymous.goto("/accessibilite");
      await anonymous.getByText("Maillage est non conforme").waitFor();
      await anonymous.getByText(/Défenseur des droits, Libre réponse 71120/).waitFor();
      await anonymous.goto("/gestion-des-cookies");
      await anonymous.getByText(/aucun bandeau ne vous demande votre accord/).waitFor();
      await anonymous.goto("/donnees-personnelles");
      await anonymous.getByText(/délégué à la protection des données/).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe("the main navigation and route changes", () => {
  it("gives the prefecture its département's entries, moves focus to the new h1 and changes the title", async () => {
    await page.goto("/departements/62");
    await page.getByRole("heading", { level: 1, name: /Pas-de-Calais/ }).waitFor();
    const nav = page.getByRole("navigation", { name: "Menu principal" });
    for (const entry of ["Tableau de bord", "Rapports trimestriels", "Organisations", "Membres"])
      await nav.getByRole("link", { name: entry }).first().waitFor();
    await expect
      .poll(() => nav.getByRole("link", { name: "Tableau de bord" }).first().getAttribute("aria-current"))
      .toBe("page");

    await nav.getByRole("link", { name: "Organisations" }).first().click();
    await page.waitForURL("**/departements/62/organisations");
    await expect
      .poll(() => focused(page))
      .toMatchObject({ tag: "H1", text: expect.stringMatching(/Organisations/) });
    // Each page sets its title in an effect, after it has shown its h1.
    await expect.poll(() => page.title()).toMatch(/Organisations/);
    await expect
      .poll(() => nav.getByRole("link", { name: "Organisations" }).first().getAttribute("aria-current"))
      .toBe("page");

    await nav.getByRole("link", { name: "Rapports trimestriels" }).first().click();
    await page.waitForURL("**/departements/62/trimestres");
    await expect.poll(async () => (await focused(page)).tag).toBe("H1");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("answers another département with a refused page that leads back to one's own", async () => {
    await page.goto("/departements/59");
    await page.getByRole("heading", { level: 1, name: "Accès refusé" }).waitFor();
    await expect.poll(() => page.title()).toBe("Accès refusé — Maillage");
    await page.getByRole("link", { name: "Retour à mon département (Pas-de-Calais)" }).click();
    await page.waitForURL("**/departements/62");
    await page.getByRole("heading", { level: 1, name: /Pas-de-Calais/ }).waitFor();
  });

  it("answers an unknown address and an invalid quarter with pages of their own", async () => {
    await page.goto("/nulle-part");
    await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
    await expect.poll(() => page.title()).toBe("Page introuvable — Maillage");
    await page.getByRole("link", { name: /Retour à mon département/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto("/departements/62/trimestres/2026-Q7");
    await page.getByRole("heading", { level: 1, name: "Trimestre inconnu" }).waitFor();
    await expect.poll(() => page.title()).toBe("Trimestre inconnu — Maillage");
    await page.getByRole("link", { name: "Voir les trimestres" }).waitFor();
  });

  it("shows a server error's request id and retries on « Réessayer »", async () => {
    let failing = true;
    await page.route("**/api/v1/departments/62", (route) =>
      failing
        ? route.fulfill({
            status: 500,
            contentType: "application/problem+json",
            body: JSON.stringify({
              status: 500,
              title: "Erreur interne",
              detail: "Une erreur inattendue est survenue.",
              requestId: "req-e2e-0001",
            }),
          })
        : route.fallback(),
    );
    try {
      await page.goto("/departements/62");
      await page.getByText("req-e2e-0001").waitFor();
      failing = false;
      await page.getByRole("button", { name: "Réessayer" }).click();
      await page.getByRole("heading", { level: 1, name: /Pas-de-Calais/ }).waitFor();
    } finally {
      await page.unroute("**/api/v1/departments/62");
    }
  });
});

describe("the profile page", () => {
  it("opens from the header, lists the memberships, creates a token shown once and revokes it", async () => {
    await page.goto("/departements/62");
    await page.locator('.fr-header__tools a[href="/profil"]').first().click();
    await page.waitForURL("**/profil");
    await page.getByRole("heading", { level: 1, name: "Mon profil" }).waitFor();
    await page.getByText("prefecture-62@maillage.test").first().waitFor();
    await page.getByRole("link", { name: /Préfecture — .*Pas-de-Calais \(62\)/ }).waitFor();

    // A field error shows under its field, not again in an alert.
    await page.getByRole("button", { name: "Créer le jeton" }).click();
    await page.getByText("Donnez un nom au jeton, par exemple « Tableur DDFE ».").waitFor();
    await expect.poll(() => page.locator(".fr-alert--error").count()).toBe(0);

    await page.getByLabel("Nom du jeton").fill("Tableur e2e");
    await page.getByLabel("Durée de validité").selectOption("30");
    await page.getByRole("button", { name: "Créer le jeton" }).click();
    const shown = page.getByTestId("new-token");
    await shown.waitFor();
    const token = (await shown.textContent())?.trim() ?? "";
    expect(token).toMatch(/^mlg_/);
    // The notice takes focus, so a screen reader reads the token out.
    await expect.poll(async () => (await focused(page)).text).toContain(token);
    expect(await axeViolations(page)).toEqual([]);

    const me = await page.request.get(`${baseURL}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status()).toBe(200);

    const row = page.getByRole("row", { name: /Tableur e2e/ });
    await row.getByRole("button", { name: "Révoquer le jeton « Tableur e2e »" }).click();
    await page.getByText("Le jeton « Tableur e2e » est révoqué").waitFor();
    await row.getByText(/^Révoqué le/).waitFor();
    await expect.poll(() => page.getByTestId("new-token").count()).toBe(0);
    const after = await page.request.get(`${baseURL}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status()).toBe(401);
  });
});

describe("the entry page", () => {
  it("finds indicators by code or label, keeps its filters in the address, and keeps the workflow in view", async () => {
    await page.goto("/departements/62/trimestres/2026-Q2");
    await page.getByRole("heading", { level: 1, name: /Rapport du 2e trimestre 2026/ }).waitFor();
    const rows = page.locator("main tr.app-report__row");
    const report = await page.request.get(`${baseURL}/api/v1/departments/62/periods/2026-Q2/report`);
    const all = ((await report.json()) as { items: unknown[] }).items.length;
    expect(all).toBeGreaterThan(10);
    // The rows after the first few are rendered in chunks, when the browser is idle: counting them
    // at once read a dozen on a loaded machine. Wait until every indicator has its row.
    await expect.poll(() => rows.count()).toBe(all);
    // The side menu goes to each measure and axis.
    await page.locator('.fr-sidemenu a[href="#mesure-48"]').waitFor({ state: "attached" });

    await page.getByLabel(/Rechercher un indicateur/).fill("n48 1");
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain("N48-1");
    await page.waitForURL((url) => url.searchParams.get("q") === "n48 1");
    await page.reload();
    await page.getByRole("heading", { level: 1, name: /Rapport du 2e trimestre 2026/ }).waitFor();
    await expect.poll(() => page.getByLabel(/Rechercher un indicateur/).inputValue()).toBe("n48 1");
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByLabel(/Rechercher un indicateur/).fill("téléphone");
    await expect
      .poll(async () => (await rows.allTextContents()).every((t) => /t[ée]l[ée]phone/i.test(t)))
      .toBe(true);
    await page.getByLabel(/Rechercher un indicateur/).fill("");
    await expect.poll(() => rows.count()).toBe(all);

    // Half way down the list, the workflow buttons are still on screen.
    await rows.nth(Math.floor(all / 2)).scrollIntoViewIfNeeded();
    const button = page
      .locator(".app-report__actions")
      .getByRole("button", { name: /Rouvrir|Valider|Soumettre/ });
    await expect.poll(() => button.first().isVisible()).toBe(true);
    const box = await button.first().boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height).toBe(true);
  });
});

describe("saving offline", () => {
  it("keeps what was typed while offline and saves it when the browser is back online", async () => {
    // 2025-Q4: open, untouched by the other files (they work on 2026's quarters).
    await page.goto("/departements/62/trimestres/2025-Q4");
    await page.getByRole("heading", { level: 1, name: /Rapport du 4e trimestre 2025/ }).waitFor();
    const field = page.locator("input[data-entry-value]").first();
    const id = (await field.getAttribute("id")) ?? "";
    await prefecture.setOffline(true);
    try {
      await field.fill("5");
      await field.blur();
      await page
        .getByText(/Vous êtes hors ligne : vos saisies sont gardées/)
        .first()
        .waitFor();
    } finally {
      await prefecture.setOffline(false);
    }
    await page.getByText(/^Brouillon enregistré à \d{2}:\d{2}$/).waitFor({ timeout: 15_000 });
    const report = await page.request.get(`${baseURL}/api/v1/departments/62/periods/2025-Q4/report`);
    const items = ((await report.json()) as { items: { indicator: string; value: unknown }[] }).items;
    const saved = items.find((i) => `champ-value-${i.indicator.replace(/[^\w-]/g, "_")}` === id);
    expect(saved?.value).toBe(5);
  });
});

describe("axe in the states the tests reach", () => {
  it("finds nothing with the history dialog open on the entry page", async () => {
    await page.goto("/departements/62/trimestres/2026-Q2");
    await page.getByRole("heading", { level: 1, name: /Rapport du 2e trimestre 2026/ }).waitFor();
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
  });
});

describe("national users", () => {
  it("land on the national view, with their own navigation", async () => {
    const { context, page: national } = await signIn(
      browser,
      baseURL,
      problems,
      "Administration centrale (national)",
    );
    try {
      await national.goto("/");
      await national.waitForURL("**/national");
      const nav = national.getByRole("navigation", { name: "Menu principal" });
      await nav.getByRole("link", { name: "Vue nationale" }).first().waitFor();
      await nav.getByRole("link", { name: "Départements" }).first().click();
      await national.getByRole("heading", { level: 1, name: "Choisir un département" }).waitFor();
    } finally {
      await context.close();
    }
  });

  // axe over the national page (two maps of 105 areas, tables of 101 rows) took 59 s and 74 s on a
  // loaded 2-core machine, sign-in included: more than the default minute.
  it("read the national table at 390 px with no axe violation", { timeout: 180_000 }, async () => {
    const { context, page: national } = await signIn(
      browser,
      baseURL,
      problems,
      "Administration centrale (national)",
    );
    try {
      await national.setViewportSize({ width: 390, height: 844 });
      await national.goto("/national");
      await national.locator('tr[data-department="62"]').waitFor();
      expect(await axeViolations(national)).toEqual([]);
      // No sideways scrolling of the page itself: wide tables scroll inside their own region.
      const widths = await national.evaluate("[document.documentElement.scrollWidth, window.innerWidth]");
      expect((widths as number[])[0]).toBeLessThanOrEqual((widths as number[])[1] as number);
    } finally {
      await context.close();
    }
  });
});

describe("first load", () => {
  it("downloads at most 66 kB of gzipped JS for /connexion and for a département page", async () => {
    const { context } = await openPage(browser, baseURL, problems);
    try {
      for (const [label, ctx, path] of [
        ["/connexion", context, "/connexion"],
        ["/departements/62", prefecture, "/departements/62"],
      ] as const) {
        const loaded = await firstLoadJs(ctx, path);
        const critical = loaded.files.filter((f) => !deferred(f.path));
        const bytes = critical.reduce((sum, f) => sum + f.size, 0);
        const later = loaded.files.filter((f) => deferred(f.path)).reduce((sum, f) => sum + f.size, 0);
        console.info(
          `first-load JS (gzip) ${label}: ${(bytes / 1000).toFixed(1)} kB to render, + ${(later / 1000).toFixed(1)} kB of DSFR behaviour once idle`,
        );
        expect(bytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
        // Each page its own chunk: the sign-in page never loads the département's, nor the other way.
        const other = path === "/connexion" ? "DepartmentPage" : "SignInPage";
        expect(critical.some((f) => f.path.includes(other))).toBe(false);
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
