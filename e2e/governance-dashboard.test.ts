import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, parisDay } from "./browser.ts";
import { newPrefectureUser } from "./new-prefecture.ts";

// Issue 9's scenario in one flow: the prefecture sees the quarter's governance flag on its
// dashboard, records a plenary meeting with the meeting form, and the dashboard's flag clears.
// In the Somme (80), which no other browser test touches: its prefecture user, an association and
// a CLAV designated without any meeting are made here (62 and 59 are shared by other files).

const baseURL = inject("baseURL");
const problems: string[] = [];
const CODE = "80";
const ASSOCIATION = "France Victimes 80";
let browser: Browser;
let context: BrowserContext;
let page: Page;

const today = parisDay();
const governance = () => page.getByTestId("dashboard-governance");

beforeAll(async () => {
  browser = await launchChromium();
  let origin: string;
  ({ context, page, origin } = await newPrefectureUser(
    browser,
    baseURL,
    problems,
    CODE,
    "prefecture-80@maillage.test",
  ));
  const organisation = await page.request.post(`/api/v1/departments/${CODE}/organisations`, {
    headers: { origin },
    data: { kind: "association", name: ASSOCIATION, rna: "W802000123" },
  });
  expect(organisation.status(), await organisation.text()).toBe(201);
  const body = await page.request.post(`/api/v1/departments/${CODE}/governance/body`, {
    headers: { origin },
    data: {
      kind: "clav",
      designatedOn: "2026-01-15",
      coChairs: [
        { function: "Préfet de la Somme", name: "Préfet de la Somme" },
        { function: "Procureur de la République", name: "Procureur d'Amiens" },
      ],
      secretariat: { name: "Délégation aux droits des femmes", email: "ddfe@somme.gouv.test", phone: null },
    },
  });
  expect(body.status(), await body.text()).toBe(201);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the dashboard's governance flag, in the browser", () => {
  it("is raised, then clears once the prefecture records a plenary meeting with the form", async () => {
    await page.goto(`/departements/${CODE}`);
    await page.getByRole("heading", { level: 1, name: "Somme (80)" }).waitFor();
    await governance().getByText("Pas de réunion plénière ce trimestre").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // To the governance page by the navigation, as a person would.
    await page
      .getByRole("navigation", { name: "Menu principal" })
      .getByRole("link", { name: "Gouvernance" })
      .first()
      .click();
    await page.waitForURL(`**/departements/${CODE}/gouvernance`);
    await page.getByRole("heading", { name: "Gouvernance", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "CLAV (comité local d'aide aux victimes)" }).waitFor();

    await page.getByLabel("Type de réunion").selectOption("plenary");
    await page.getByLabel("Date et heure (heure de Paris)").fill(`${today}T09:30`);
    await page.getByLabel("Lieu").fill("Préfecture de la Somme, Amiens");
    await page.getByLabel("Ordre du jour").fill("Installation du CLAV ; bilan du trimestre");
    // The DSFR draws the checkbox on its label, which takes the click.
    await page.locator("label.fr-label", { hasText: new RegExp(`^${ASSOCIATION}$`) }).click();
    await expect.poll(() => page.getByLabel(ASSOCIATION, { exact: true }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Enregistrer la réunion" }).click();
    await page.getByText("Réunion enregistrée.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page
      .getByRole("navigation", { name: "Menu principal" })
      .getByRole("link", { name: "Tableau de bord" })
      .first()
      .click();
    await page.waitForURL((url) => url.pathname === `/departements/${CODE}`);
    await governance().getByText("1 séance plénière tenue ce trimestre.").waitFor();
    await expect.poll(() => governance().getByText("Pas de réunion plénière").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
