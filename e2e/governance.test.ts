import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, parisDay, signIn, stepsBuildOnEachOther } from "./browser.ts";

// The seed gives Pas-de-Calais a CLAV that met last quarter only: this quarter is flagged until the
// prefecture records a plenary meeting held today.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

const today = parisDay();
const compliance = () => page.getByTestId("quarter-compliance");

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Préfecture du Pas-de-Calais (62)"));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("governance, in the browser", () => {
  it("reaches the governance page from the navigation and shows the quarter's flag", async () => {
    await page.goto("/departements/62");
    await page.getByRole("link", { name: "Gouvernance" }).first().click();
    await page.waitForURL("**/departements/62/gouvernance");
    await page.getByRole("heading", { name: "Gouvernance", level: 1 }).waitFor();
    await compliance().getByText("pas encore de séance plénière").waitFor();
    await page.getByRole("heading", { name: "CLAV (comité local d'aide aux victimes)" }).waitFor();
    await page.getByRole("cell", { name: "France Victimes 62" }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("records a plenary meeting held today, and the flag clears", async () => {
    await page.getByLabel("Type de réunion").selectOption("plenary");
    await page.getByLabel("Date et heure (heure de Paris)").fill(`${today}T08:00`);
    await page.getByLabel("Lieu").fill("Préfecture, Arras");
    await page.getByLabel("Ordre du jour").fill("Bilan du trimestre");
    // The DSFR draws the checkbox on its label, which takes the click.
    for (const name of ["Préfecture du Pas-de-Calais", "Parquet du tribunal judiciaire d'Arras"]) {
      await page.locator("label.fr-label", { hasText: new RegExp(`^${name}$`) }).click();
      await expect.poll(() => page.getByLabel(name, { exact: true }).isChecked()).toBe(true);
    }
    await page.getByRole("button", { name: "Ajouter une action" }).click();
    await page.getByLabel("Action 1", { exact: true }).fill("Diffuser la liste des places d'hébergement");
    await page
      .getByLabel("Organisation responsable de l'action 1")
      .selectOption({ label: "CIDFF du Pas-de-Calais" });
    await page.getByLabel("Échéance de l'action 1").fill("2099-01-31");
    await page.getByRole("button", { name: "Enregistrer la réunion" }).click();
    await page.getByText("Réunion enregistrée.").waitFor();
    await compliance().getByText("1 séance plénière tenue.", { exact: true }).waitFor();
    await expect.poll(() => compliance().getByText("pas encore de séance plénière").count()).toBe(0);
    await page.getByRole("row", { name: /Diffuser la liste des places/ }).waitFor();
  });

  it("marks an action done with « Fait »", async () => {
    const row = page.getByRole("row", { name: /Recenser les places d'hébergement/ });
    await row.getByRole("button", { name: "Fait" }).click();
    await row.getByRole("button", { name: "Rouvrir" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("subscribes to the calendar: the address is shown once and gives the iCalendar feed on its own", async () => {
    await page.getByRole("button", { name: "S'abonner au calendrier" }).click();
    const shown = page.getByTestId("calendar-subscription");
    const address = shown.getByLabel("Adresse d'abonnement");
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/api\/v1\/departments\/62\/calendar\.ics\?token=mlgcal_/);
    await shown.getByText("Thunderbird").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Fetched like a calendar application does: no cookie, the address alone.
    const { pathname, search } = new URL(url);
    const res = await fetch(new URL(`${pathname}${search}`, baseURL));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    expect(await res.text()).toContain("BEGIN:VCALENDAR");
    // Shown once: back on the page, the address is gone.
    await page.reload();
    await page.getByRole("button", { name: "S'abonner au calendrier" }).waitFor();
    await expect.poll(() => page.getByTestId("calendar-subscription").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
