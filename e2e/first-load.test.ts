import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, signIn } from "./browser.ts";

// First load without a waterfall: the page's own chunk is requested with the session (GET /me),
// not once /me has answered and the page behind sign-in has rendered (web/src/App.tsx).

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let prefecture: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: prefecture } = await signIn(browser, baseURL, problems, "Préfecture du Pas-de-Calais (62)"));
});

afterAll(async () => {
  await prefecture?.close();
  await browser?.close();
});

describe("first load", () => {
  // web/vite.config.ts renders with Preact: react-dom was 207 KB of the 248 KB entry chunk.
  it("ships no React renderer: no chunk of the build carries react-dom or React's own code", () => {
    const assets = join(import.meta.dirname, "..", "web", "dist", "assets");
    const chunks = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(chunks.length).toBeGreaterThan(10);
    // react-dom marks the DOM nodes it renders (__reactFiber$…, __reactContainer$…); React's
    // production builds point their errors to react.dev/errors.
    const withReact = chunks.filter((f) =>
      /__reactFiber\$|__reactContainer\$|react\.dev\/errors/.test(readFileSync(join(assets, f), "utf8")),
    );
    expect(withReact).toEqual([]);
  });

  it.each([
    ["/departements/62", "DepartmentPage", "Pas-de-Calais"],
    ["/departements/62/trimestres/2026-Q3", "ReportPage", "3e trimestre 2026"],
  ])("requests the chunk of %s before the session has answered", async (path, chunk, heading) => {
    const page = await prefecture.newPage();
    const events: string[] = [];
    page.on("request", (req) => {
      if (new URL(req.url()).pathname.startsWith(`/assets/${chunk}-`)) events.push("chunk requested");
    });
    page.on("requestfinished", (req) => {
      if (new URL(req.url()).pathname === "/api/v1/me") events.push("session answered");
    });
    try {
      await page.goto(path);
      await expect.poll(() => page.locator("main h1").first().textContent()).toContain(heading);
      expect(events.indexOf("chunk requested")).toBeGreaterThanOrEqual(0);
      expect(events.indexOf("chunk requested")).toBeLessThan(events.indexOf("session answered"));
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  // The DSFR's script starts once the page is idle (web/src/main.tsx): a dialog asked for before
  // that, from code (history) or by a button the script drives (reopen), opens once it can.
  it.each([
    [/^Historique de /, /^Historique de /],
    [/^Rouvrir$/, /^Rouvrir le rapport$/],
  ])("opens the dialog of « %s » clicked before the DSFR's script has loaded", async (button, title) => {
    const page = await prefecture.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = false;
    await page.route(/\/assets\/dsfr\.module-[^/]*\.js$/, async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    try {
      await page.goto("/departements/62/trimestres/2026-Q2");
      await page.getByRole("heading", { level: 1, name: /2e trimestre 2026/ }).waitFor();
      await page.getByRole("button", { name: button }).first().click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.count()).toBe(0);
      await expect.poll(() => asked).toBe(true);
      release();
      await dialog.getByRole("heading", { name: title }).waitFor();
      await page.keyboard.press("Escape");
      await expect.poll(() => dialog.count()).toBe(0);
    } finally {
      release();
      await page.close();
    }
    expect(errors).toEqual([]);
  });

  it("keeps the DSFR's behaviour: at 390 px the header's menu opens and closes", async () => {
    const page = await prefecture.newPage();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/departements/62");
      await expect.poll(() => page.locator("main h1").first().textContent()).toContain("Pas-de-Calais");
      // The DSFR's script starts once the page is idle and marks what it drives.
      await page.locator("#header-menu-modal[data-fr-js-modal]").waitFor({ state: "attached" });
      const menu = page.locator("#header-menu-modal");
      const nav = menu.getByRole("navigation", { name: "Menu principal" });
      expect(await nav.isVisible()).toBe(false);
      await page.getByRole("button", { name: "Menu" }).click();
      await expect.poll(() => nav.isVisible()).toBe(true);
      await menu.getByRole("button", { name: "Fermer" }).click();
      await expect.poll(() => nav.isVisible()).toBe(false);
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  });
});
