import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { demoOrganisations } from "../scripts/seed-data.ts";
import { MOCK_OPEN, MOCK_SIRETS } from "../test/company-register-mock.ts";
import { axeViolations, launchChromium, openPage, stepsBuildOnEachOther } from "./browser.ts";

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

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("organisations of a département, in the browser", () => {
  it("sends an anonymous visitor to the sign-in page", async () => {
    await page.goto("/");
    await page.waitForURL("**/connexion");
    await expect.poll(() => main().locator("h1").textContent()).toBe("Connexion à Maillage");
  });

  it("signs the demo prefecture of 62 in and opens its only département", async () => {
    await page.getByRole("button", { name: "Préfecture du Pas-de-Calais (62)" }).click();
    await page.waitForURL("**/departements/62");
    await expect.poll(() => main().locator("h1").textContent()).toContain("Pas-de-Calais");
    await expect.poll(() => page.getByText("prefecture-62@maillage.test").first().isVisible()).toBe(true);
  });

  it("adds an association with its RNA number and finds it in the list", async () => {
    await page
      .getByRole("navigation", { name: "Menu principal" })
      .getByRole("link", { name: "Organisations" })
      .first()
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
    await expect
      .poll(() => page.getByRole("row", { name: new RegExp(name) }).textContent())
      .toContain(`RNA ${rna}`);
  });

  it("shows the API's field error next to the field when the RNA is already used", async () => {
    await page.getByRole("link", { name: "Ajouter une organisation" }).click();
    await page.waitForURL("**/organisations/nouvelle");
    await page.getByLabel("Type d'organisation").selectOption("association");
    await page.getByLabel("Numéro RNA").fill(rna);
    await page.getByLabel("Nom", { exact: true }).fill(`${name} bis`);
    await page.getByRole("button", { name: "Ajouter l'organisation" }).click();

    await page.getByText("L'enregistrement a échoué").waitFor();
    const rnaInput = page.getByLabel("Numéro RNA");
    await expect.poll(() => rnaInput.getAttribute("aria-invalid")).toBe("true");
    const group = page.locator(".fr-input-group--error", { has: rnaInput });
    await expect.poll(() => group.locator(".fr-message--error").textContent()).toMatch(/\S/);
    expect(page.url()).toContain("/organisations/nouvelle");
  });

  it("typing a SIRET proposes the company register's name and address; accepting fills them", async () => {
    await page.goto("/departements/62/organisations/nouvelle");
    await main().locator("h1").waitFor();
    await page.getByLabel("Type d'organisation").selectOption("health");
    await page.getByLabel("Nom", { exact: true }).fill("Mon centre");
    await page.getByLabel(/^SIRET/).fill(MOCK_SIRETS.open.replace(/(\d{3})(?=\d)/g, "$1 "));

    const proposal = page.getByTestId("company-register-proposal");
    await proposal.getByText(MOCK_OPEN.name).waitFor();
    await expect.poll(() => proposal.textContent()).toContain(MOCK_OPEN.address);
    // Nothing is overwritten until the person accepts.
    await expect.poll(() => page.getByLabel("Nom", { exact: true }).inputValue()).toBe("Mon centre");
    await expect.poll(() => page.getByLabel("Adresse (facultatif)").inputValue()).toBe("");
    expect(await axeViolations(page)).toEqual([]);

    await proposal.getByRole("button", { name: "Utiliser ces informations" }).click();
    await expect.poll(() => page.getByLabel("Nom", { exact: true }).inputValue()).toBe(MOCK_OPEN.name);
    await expect.poll(() => page.getByLabel("Adresse (facultatif)").inputValue()).toBe(MOCK_OPEN.address);
    await proposal.getByText("Le formulaire reprend ces informations.").waitFor();
  });

  it("flags a closed establishment, and falls back to typing when the register is silent", async () => {
    const siret = page.getByLabel(/^SIRET/);
    await siret.fill(MOCK_SIRETS.closed);
    await page.getByText("Établissement fermé le 30 juin 2024 selon le répertoire.").waitFor();

    await siret.fill(MOCK_SIRETS.slow);
    // The Worker gives up after 3 s.
    await page
      .getByText("Le répertoire des entreprises ne répond pas : saisissez le nom et l'adresse.")
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId("company-register-proposal").count()).toBe(0);
  });

  it("a duplicate SIRET names the organisation that has it, with a link to it", async () => {
    const caf = demoOrganisations.find((o) => o.dept === "62" && o.name === "CAF du Pas-de-Calais");
    if (!caf?.siret) throw new Error("the demo CAF of 62 has a SIRET");
    await page.goto("/departements/62/organisations/nouvelle");
    await main().locator("h1").waitFor();
    await page.getByLabel("Type d'organisation").selectOption("social_security");
    await page.getByLabel(/^SIRET/).fill(caf.siret);
    // The demo SIRETs are fictitious: the register does not know them, the form says so.
    await page
      .getByText("Ce SIRET est inconnu du répertoire des entreprises : saisissez le nom et l'adresse.")
      .waitFor();
    await page.getByLabel("Nom", { exact: true }).fill("CAF bis");
    await page.getByRole("button", { name: "Ajouter l'organisation" }).click();

    const siretInput = page.getByLabel(/^SIRET/);
    const group = page.locator(".fr-input-group--error", { has: siretInput });
    await group.waitFor();
    await expect
      .poll(() => group.locator(".fr-message--error").textContent())
      .toBe("Ce SIRET est déjà celui de CAF du Pas-de-Calais.");
    expect(await axeViolations(page)).toEqual([]);
    await group.getByRole("link", { name: "CAF du Pas-de-Calais" }).click();
    await page.waitForURL(`**/departements/62/organisations/${caf.id}`);
    await main().getByRole("heading", { level: 1, name: "CAF du Pas-de-Calais" }).waitFor();
    // Its own SIRET is looked up only on request there.
    await main().getByRole("button", { name: "Consulter le répertoire des entreprises" }).click();
    await main()
      .getByText("Ce SIRET est inconnu du répertoire des entreprises : saisissez le nom et l'adresse.")
      .waitFor();
  });

  it("gives a person of the new association access to the département", async () => {
    const email = `${rna.toLowerCase()}@association.test`;
    await page.goto("/departements/62/membres");
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByLabel("Organisation").selectOption({ label: name });
    await page.getByRole("button", { name: "Ajouter le membre" }).click();
    const row = page.getByRole("row", { name: new RegExp(email) });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(name);
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
    await expect.poll(() => page.locator(".swagger-ui .info .title").textContent()).toContain("Maillage API");
  });

  it("logged no CSP violation and no script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
