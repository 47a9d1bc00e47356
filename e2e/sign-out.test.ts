import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, signIn } from "./browser.ts";

// Signing out from the header, in a real browser: the same-origin check on the sign-out request
// is the browser's own headers here, not a test's.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Communauté urbaine d'Arras (membre, 62)"));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("signing out, in the browser", () => {
  it("ends the session and goes back to the sign-in page", async () => {
    expect((await page.request.get(`${baseURL}/api/v1/me`)).status()).toBe(200);
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL("**/connexion");
    await page.getByRole("heading", { level: 1, name: "Connexion à Maillage" }).waitFor();
    expect((await page.request.get(`${baseURL}/api/v1/me`)).status()).toBe(401);
    // The session is gone, not only forgotten by this page: a reload stays signed out.
    await page.goto("/departements/62");
    await page.waitForURL("**/connexion");
    expect(problems).toEqual([]);
  });
});
