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
});
