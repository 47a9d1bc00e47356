import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, signIn, stepsBuildOnEachOther } from "./browser.ts";

// The prefecture sets its report settings on the quarters page. The scenario puts the members'
// window back as the seed has it (none) so that other files still see members entering.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

const settings = async () =>
  (await (await page.request.get(`${baseURL}/api/v1/departments/62`)).json()) as {
    reportDueDays: number;
    memberEntryDays: number | null;
  };
const windowField = () => page.getByLabel(/Fenêtre de saisie des organisations/);
const save = () => page.getByRole("button", { name: "Enregistrer les réglages" }).click();

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Préfecture du Pas-de-Calais (62)"));
});

afterAll(async () => {
  // Whatever happened above, members of 62 must be able to enter again for the other files.
  const reset = await page?.request.patch(`${baseURL}/api/v1/departments/62/settings`, {
    data: { memberEntryDays: null },
    headers: { origin: new URL(baseURL).origin },
  });
  if (reset) expect(reset.status()).toBe(200);
  await context?.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("report settings, in the browser", () => {
  it("shows the prefecture its delay and members' window under the list of quarters", async () => {
    await page.goto("/departements/62/trimestres");
    await page.getByRole("heading", { name: "Réglages des rapports" }).waitFor();
    const initial = await settings();
    await expect
      .poll(() => page.getByLabel(/Délai de remise/).inputValue())
      .toBe(String(initial.reportDueDays));
    await expect.poll(() => windowField().inputValue()).toBe("");
  });

  it("refuses a window that is not a whole number of days, or too long, on the field itself", async () => {
    await windowField().fill("deux");
    await save();
    await page.getByText("Indiquez un nombre entier de jours, ou laissez vide.").waitFor();
    await expect.poll(() => windowField().getAttribute("aria-invalid")).toBe("true");

    await windowField().fill("200");
    await save();
    await page.getByText("La fenêtre de saisie ne peut pas dépasser 120 jours.").first().waitFor();
    expect((await settings()).memberEntryDays).toBeNull();
  });

  it("saves a window of 20 days, then removes it", async () => {
    try {
      await windowField().fill("20");
      await save();
      await page.getByText("Les réglages ont été enregistrés.").waitFor();
      expect((await settings()).memberEntryDays).toBe(20);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await windowField().fill("");
      await save();
      // The notice of the first save is still shown: wait for the stored setting instead.
      await expect.poll(async () => (await settings()).memberEntryDays).toBeNull();
    }
    expect(problems).toEqual([]);
  });
});
