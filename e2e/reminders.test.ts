import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, signIn } from "./browser.ts";

// The reminder log of 62 (the seed's two sent reminders of 1 October 2026) and the notification
// preferences, as the national user (who reads every département's log): the prefecture users of
// 62 already sign in from other files, and dev sign-in allows 5 a minute per address.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

const preferences = async () =>
  (
    (await (await page.request.get(`${baseURL}/api/v1/me/notification-preferences`)).json()) as {
      items: { kind: string; enabled: boolean }[];
    }
  ).items;

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Administration centrale (national)"));
});

afterAll(async () => {
  await page?.request.put(`${baseURL}/api/v1/me/notification-preferences`, {
    data: { preferences: [{ kind: "contract_ending", enabled: true }] },
    headers: { origin: new URL(baseURL).origin },
  });
  await context?.close();
  await browser?.close();
});

describe("reminders, in the browser", () => {
  it("shows 62's reminder log and the next run, without « send now » for a national user", async () => {
    await page.goto("/departements/62/relances");
    await page.getByRole("heading", { name: "Relances", level: 1 }).waitFor();
    const log = page.getByRole("table", { name: /Relances du département/ });
    await log.getByRole("row").nth(2).waitFor();
    const text = await log.textContent();
    expect(text).toContain("prefecture-62@maillage.test");
    expect(text).toContain("Ouverture du trimestre");
    expect(text).toContain("Envoyée");
    await page.getByText(/heure de Paris/).waitFor();
    expect(await page.getByRole("button", { name: "Envoyer maintenant" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("turns a kind of reminder off from the profile, and keeps the overdue report on", async () => {
    await page.goto("/profil");
    const contracts = page.getByLabel("Contrat local arrivant à échéance (90 jours)");
    await contracts.waitFor();
    await expect.poll(() => contracts.isChecked()).toBe(true);
    await expect.poll(() => page.getByLabel("Rapport en retard", { exact: true }).isDisabled()).toBe(true);
    // The DSFR hides the native box behind its label: click the label, as a person does.
    await page.locator("label", { hasText: "Contrat local arrivant à échéance (90 jours)" }).click();
    await page.getByText("Préférences enregistrées.").waitFor();
    expect((await preferences()).find((p) => p.kind === "contract_ending")?.enabled).toBe(false);
    await page.reload();
    await contracts.waitFor();
    await expect.poll(() => contracts.isChecked()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
