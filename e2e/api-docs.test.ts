import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, openPage } from "./browser.ts";

// The API reference at /api/docs (swagger-ui served from our own assets): it renders the
// operations under the DSFR header, in French where swagger-ui lets us, with no serious
// accessibility violation in the states a reader reaches; the app's pages never load it.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await openPage(browser, baseURL, problems));
  await page.goto("/api/docs");
  await page.locator("h3.opblock-tag").first().waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/**
 * axe's serious and critical violations. Moderate ones are left to swagger-ui: its own h1 and
 * headings levels, its server choice outside a landmark.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(", ")}`);
}

describe("the API reference", () => {
  it("renders the operations of the OpenAPI document", async () => {
    await page.getByRole("heading", { level: 1, name: "Référence de l'API" }).waitFor();
    await expect.poll(() => page.title()).toBe("Référence de l'API — Maillage");
    const document = await (await page.request.get("/api/v1/openapi.json")).json();
    const operations = Object.values(
      document.paths as Record<string, Record<string, { tags?: string[] }>>,
    ).flatMap((item) =>
      Object.entries(item)
        .filter(([k]) => ["get", "post", "put", "patch", "delete"].includes(k))
        .map(([, operation]) => operation.tags?.[0] ?? ""),
    );
    const tags = [...new Set(operations)];
    // Tags start closed: each one, opened in turn, shows every operation of the document.
    await expect.poll(() => page.locator("h3.opblock-tag").count()).toBe(tags.length);
    for (const tag of tags) {
      const header = page.locator("h3.opblock-tag").filter({ hasText: tag }).first();
      await header.click();
      await expect
        .poll(() => page.locator(".opblock").count())
        .toBe(operations.filter((t) => t === tag).length);
      await header.click();
      await expect.poll(() => page.locator(".opblock").count()).toBe(0);
    }
    // The first tag stays open for the next steps.
    await page.locator("h3.opblock-tag").first().click();
    await expect
      .poll(() => page.locator(".opblock-summary-path").first().textContent())
      .toBe("/api/v1/health");
    await expect.poll(() => page.locator("#api-docs-status").isHidden()).toBe(true);
  });

  it("wears the DSFR header, with the way back to the app", async () => {
    const header = page.locator("header.fr-header");
    await expect.poll(() => header.locator(".fr-logo").innerText()).toMatch(/République\s+Française/i);
    await expect.poll(() => header.locator(".fr-header__service-title").textContent()).toBe("Maillage");
    const back = header.getByRole("link", { name: "Retour à l'application" });
    await expect.poll(() => back.getAttribute("href")).toBe("/");
    // DSFR's own stylesheet is applied (Marianne), not only its class names.
    const font = await page.evaluate(
      'getComputedStyle(document.getElementById("api-docs-title")).fontFamily',
    );
    expect(font).toContain("Marianne");
  });

  it("speaks French where swagger-ui lets it", async () => {
    await page.locator(".opblock-summary-control").first().click();
    const body = page.locator(".opblock-body").first();
    await body.getByRole("heading", { name: "Réponses" }).waitFor();
    await expect.poll(() => body.getByRole("heading", { name: "Paramètres" }).count()).toBe(1);
    await expect.poll(() => page.getByText("Responses", { exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByRole("combobox", { name: "Serveur" }).count()).toBe(1);
  });

  it("has no serious accessibility violation: on load, an operation open, the schemas expanded", async () => {
    // A fresh page: its state on load, then as the reader opens it.
    const fresh = await context.newPage();
    await fresh.goto("/api/docs");
    await fresh.locator("h3.opblock-tag").first().waitFor({ timeout: 90_000 });
    expect(await seriousViolations(fresh)).toEqual([]);

    await fresh.locator("h3.opblock-tag").filter({ hasText: "Jetons d'API" }).click();
    await fresh.locator(".opblock-summary-control").nth(1).click();
    await fresh.locator(".opblock-body .responses-table").first().waitFor();
    expect(await seriousViolations(fresh)).toEqual([]);

    const models = fresh.locator("section.models");
    const toggle = models.getByRole("button", { name: /Schémas/ });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await models.locator(".json-schema-2020-12-expand-deep-button").first().click();
    await models.locator(".json-schema-2020-12-property").first().waitFor();
    expect(await seriousViolations(fresh)).toEqual([]);
    await fresh.close();
  }, 360_000);

  it("is loaded by no other page: /connexion fetches nothing of it", async () => {
    const other = await context.newPage();
    const requested: string[] = [];
    const scripts: Promise<string>[] = [];
    other.on("request", (request) => requested.push(new URL(request.url()).pathname));
    other.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text());
    });
    await other.goto("/connexion", { waitUntil: "load" });
    await other.getByRole("heading", { level: 1, name: "Connexion à Maillage" }).waitFor();
    await other.getByRole("button", { name: "Recevoir un lien de connexion" }).waitFor();
    expect(requested.some((p) => p.startsWith("/assets/"))).toBe(true);
    expect(requested.filter((p) => p.startsWith("/api-docs/") || p.includes("swagger"))).toEqual([]);
    for (const text of await Promise.all(scripts)) expect(text).not.toContain("SwaggerUIBundle");
    await other.close();
  });

  it("logged no CSP violation and no script error", () => {
    expect(problems).toEqual([]);
  });
});
