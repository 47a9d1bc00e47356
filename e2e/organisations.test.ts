import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, openPage } from "./browser.ts";

const baseURL = inject("baseURL");
const screenshot = "/tmp/maillage-e2e-organisations.png";

let browser: Browser;
let page: Page;
/** Every CSP refusal and uncaught error the browser reports during the whole scenario. */
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openPage(browser, baseURL, problems));
});

afterAll(async () => {
  await browser?.close();
});

const main = () => page.locator("main");
// A unique RNA per run (W + registry 622 + 6 digits), so reruns on a kept database do not collide.
const rna = `W622${String(Date.now()).slice(-6)}`;
const name = `Association e2e ${rna}`;

describe("organisations of a département, in the browser", () => {
  it("sends an anonymous visitor to the sign-in page", async () => {
    await page.goto("/");
    await page.waitForURL("**/connexion");
    await expect(main().locator("h1").textContent()).resolves.toBe("Connexion à Maillage");
  });

  it("signs the demo prefecture of 62 in and opens its only département", async () => {
    await page.getByRole("button", { name: "Préfecture du Pas-de-Calais (62)" }).click();
    await page.waitForURL("**/departements/62");
    await expect(main().locator("h1").textContent()).resolves.toContain("Pas-de-Calais");
    await expect(page.getByText("prefecture-62@maillage.test").first().isVisible()).resolves.toBe(true);
  });

  it("adds an association with its RNA number and finds it in the list", async () => {
    await main()
      .getByRole("link", { name: /Organisations/ })
      .click();
    await page.waitForURL("**/departements/62/organisations");
    await page.getByRole("link", { name: "Ajouter une organisation" }).click();
    await page.waitForURL("**/organisations/nouvelle");

    await page.getByLabel("Type d'organisation").selectOption("association");
    await page.getByLabel("Numéro RNA").fill(rna);
    await page.getByLabel("Nom", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Ajouter l'organisation" }).click();

    await page.waitForURL("**/departements/62/organisations");
    await page.getByText(`L'organisation « ${name} » a été ajoutée.`).waitFor();
    await page.getByRole("cell", { name }).waitFor();
    await expect(page.getByRole("row", { name: new RegExp(name) }).textContent()).resolves.toContain(
      `RNA ${rna}`,
    );
  });

  it("shows the API's field error next to the field when the RNA is already used", async () => {
    await page.getByRole("link", { name: "Ajouter une organisation" }).click();
    await page.getByLabel("Type d'organisation").selectOption("association");
    await page.getByLabel("Numéro RNA").fill(rna);
    await page.getByLabel("Nom", { exact: true }).fill(`${name} bis`);
    await page.getByRole("button", { name: "Ajouter l'organisation" }).click();

    await page.getByText("L'enregistrement a échoué").waitFor();
    const rnaInput = page.getByLabel("Numéro RNA");
    await expect(rnaInput.getAttribute("aria-invalid")).resolves.toBe("true");
    const group = page.locator(".fr-input-group--error", { has: rnaInput });
    await expect(group.locator(".fr-message--error").textContent()).resolves.toMatch(/\S/);
    expect(page.url()).toContain("/organisations/nouvelle");
  });

  it("gives a person of the new association access to the département", async () => {
    const email = `${rna.toLowerCase()}@association.test`;
    await page.goto("/departements/62/membres");
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByLabel("Organisation").selectOption({ label: name });
    await page.getByRole("button", { name: "Ajouter le membre" }).click();
    const row = page.getByRole("row", { name: new RegExp(email) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(name);
  });

  it("has no accessibility violation on the organisations page", async () => {
    await page.goto("/departements/62/organisations");
    await page.getByRole("cell", { name }).waitFor();
    await main().locator("h1").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot, fullPage: true });
  });

  it("serves the offline API reference", async () => {
    await page.goto("/api/docs");
    await page.locator(".swagger-ui .info .title").waitFor();
    await expect(page.locator(".swagger-ui .info .title").textContent()).resolves.toContain("Maillage API");
  });

  it("logged no CSP violation and no script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
