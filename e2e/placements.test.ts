import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Offer } from "../shared/placements.ts";
import { axeViolations, launchChromium, signIn as signInAs, stepsBuildOnEachOther } from "./browser.ts";

// Stages croisés in the browser, on the demo seed (scripts/seed-placements.ts): France Victimes 62
// decides the CU d'Arras's application in its inbox, and the CU d'Arras then sees the contact kept
// for accepted applicants and applies to another offer with « Postuler ». conventions.test.ts adds
// its own offer and application, never these.
const baseURL = inject("baseURL");
const FV_OFFER = "Accueillir et accompagner les victimes";
const UMJ_OFFER = "Une journée à l'unité médico-judiciaire";
const HIDDEN_EMAIL = "accueil@france-victimes-62.test";

let browser: Browser;
let host: { context: BrowserContext; page: Page };
let applicant: { context: BrowserContext; page: Page };
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  host = await signInAs(browser, baseURL, problems, "France Victimes 62 (membre, 62)");
  applicant = await signInAs(browser, baseURL, problems, "Communauté urbaine d'Arras (membre, 62)");
});

afterAll(async () => {
  await host?.context.close();
  await applicant?.context.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("stages croisés, in the browser", () => {
  it("the board shows the offers with a count per profession, without accessibility violations", async () => {
    const { page } = applicant;
    await page.goto("/");
    await page.getByRole("link", { name: "Stages croisés" }).first().click();
    await page.getByRole("heading", { level: 1, name: /Stages croisés/ }).waitFor();
    await page.getByRole("link", { name: FV_OFFER }).waitFor();
    // The count is what the API says for the applicant's board (other browser test files may add
    // offers: conventions.test.ts publishes one for gendarmes); the demo seed alone has two.
    const board = (await (await page.request.get("/api/v1/departments/62/placements")).json()) as {
      byProfession: Partial<Record<string, number>>;
    };
    const gendarmerie = board.byProfession.gendarmerie ?? 0;
    expect(gendarmerie).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.getByRole("button", { name: `Gendarmerie : ${gendarmerie}` }).count())
      .toBe(1);
    // The draft of another organisation is not on the board.
    await expect.poll(() => page.getByText("Permanences juridiques (brouillon)").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // The hidden email is not in the offer's page before acceptance.
    await page.getByRole("link", { name: FV_OFFER }).click();
    await page.getByRole("heading", { level: 1, name: FV_OFFER }).waitFor();
    await page.getByRole("heading", { name: "Ma candidature" }).waitFor();
    await expect.poll(() => page.content()).not.toContain(HIDDEN_EMAIL);
  });

  it("the host accepts the application in its inbox; the applicant then gets the hidden contact", async () => {
    const { page } = host;
    await page.goto("/departements/62/stages/candidatures");
    await page.getByRole("heading", { level: 1, name: "Candidatures" }).waitFor();
    const card = page.getByRole("article").filter({ hasText: "Communauté urbaine d'Arras" });
    await card.getByRole("button", { name: "Accepter" }).click();
    await card.getByText("Acceptée").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await applicant.page.reload();
    await applicant.page.getByText(HIDDEN_EMAIL).waitFor();
  });

  it("« Postuler » sends an application, which the offer then names as the applicant's own", async () => {
    const { page } = applicant;
    await page.goto("/departements/62/stages");
    await page.getByRole("link", { name: UMJ_OFFER }).click();
    await page.getByRole("heading", { name: "Postuler" }).waitFor();
    await page.getByLabel("Votre profession").selectOption("local_authority");
    await page.getByLabel("Motivation").fill("Comprendre le parcours médico-légal des victimes.");
    await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
    await page.getByText("Candidature envoyée").waitFor();
    await page.getByRole("heading", { name: "Ma candidature" }).waitFor();

    const offers = (await (await page.request.get("/api/v1/departments/62/placements")).json()) as {
      items: Offer[];
    };
    const umj = offers.items.find((o) => o.title === UMJ_OFFER) as Offer;
    expect(umj.viewer.applicationId).toBeTruthy();
  });

  it("reports no CSP refusal nor script error", () => {
    expect(problems).toEqual([]);
  });
});
