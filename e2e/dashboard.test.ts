import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, parisDay, signIn } from "./browser.ts";

// The département's dashboard. The governance flag is watched in Nord (59): the seed gives it a
// prefecture user and no governance meeting, and no other browser test records one there
// (governance.test.ts records 62's plenary, in whatever order the files run). 62's member
// scenario only reads, and checks nothing another file may change.

const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let prefecture: BrowserContext;
let member: BrowserContext;
let page: Page;

const today = parisDay();
const dashboard = () => page.getByTestId("dashboard");
const governance = () => page.getByTestId("dashboard-governance");

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: prefecture, page } = await signIn(browser, baseURL, problems, "Préfecture du Nord (59)"));
});

afterAll(async () => {
  await prefecture?.close();
  await member?.close();
  await browser?.close();
});

describe("the département's dashboard, in the browser", () => {
  it("shows the prefecture what to do now, with the quarter's governance flag", async () => {
    await page.goto("/departements/59");
    await page.getByRole("heading", { level: 1, name: "Nord (59)" }).waitFor();
    await governance().getByText("Pas de réunion plénière ce trimestre").waitFor();
    for (const heading of [
      /^Rapport du .* trimestre \d{4}$/,
      /^Instance de gouvernance/,
      /^Actions de suivi à échéance$/,
      /^Contrats à suivre$/,
      /^Conventions de stage en attente de signature$/,
      /^Dernières relances envoyées$/,
    ])
      await dashboard().getByRole("heading", { level: 2, name: heading }).waitFor();
    // Empty states say so.
    await dashboard().getByText("Aucune convention en attente de signature.").waitFor();
    // Each item leads to the page to act on.
    await expect
      .poll(() =>
        dashboard()
          .getByRole("link", { name: /^Ouvrir le rapport du/ })
          .getAttribute("href"),
      )
      .toMatch(/^\/departements\/59\/trimestres\/\d{4}-Q[1-4]$/);
    await expect
      .poll(() => dashboard().getByRole("link", { name: "Journal des relances" }).getAttribute("href"))
      .toBe("/departements/59/relances");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("clears the flag once a plenary meeting of the quarter is recorded", async () => {
    const recorded = await page.request.post("/api/v1/departments/59/governance/meetings", {
      headers: { origin: baseURL },
      data: { kind: "plenary", startsAt: `${today}T08:00`, location: "Préfecture du Nord, Lille" },
    });
    expect(recorded.status()).toBe(201);
    await dashboard()
      .getByRole("link", { name: /réunions/ })
      .click();
    await page.waitForURL(
      (url) => url.pathname === "/departements/59/gouvernance" && url.hash === "#reunions",
    );
    await page.getByRole("heading", { level: 1, name: "Gouvernance" }).waitFor();
    await page
      .getByRole("navigation", { name: "Menu principal" })
      .getByRole("link", { name: "Tableau de bord" })
      .first()
      .click();
    await page.waitForURL((url) => url.pathname === "/departements/59");
    await governance().getByText("1 séance plénière tenue ce trimestre.").waitFor();
    await expect.poll(() => governance().getByText("Pas de réunion plénière").count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("shows a member their own organisation's to-do only, also at 390 px", async () => {
    ({ context: member, page } = await signIn(browser, baseURL, problems, "France Victimes 62 (membre, 62)"));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/departements/62");
    await dashboard()
      .getByText(/pour France Victimes 62/)
      .waitFor();
    const entry = dashboard().getByRole("link", { name: "Saisir mes indicateurs" });
    await expect
      .poll(() => entry.getAttribute("href"))
      .toMatch(/^\/departements\/62\/trimestres\/\d{4}-Q[1-4]\?mes-indicateurs=1$/);
    await dashboard().getByRole("heading", { level: 2, name: "Dernières relances reçues" }).waitFor();
    // The report's part of their organisation only (never the prefecture's list of organisations),
    // and no log of the prefecture's reminders.
    const report = (await page.locator('section[aria-labelledby="tdb-rapport"]').textContent()) ?? "";
    expect(report).not.toMatch(/CIDFF|Pas encore terminé|organisations? ont? terminé/);
    await expect.poll(() => dashboard().getByRole("link", { name: "Journal des relances" }).count()).toBe(0);
    const widths = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]");
    expect((widths as number[])[0]).toBeLessThanOrEqual((widths as number[])[1] as number);
    expect(await axeViolations(page)).toEqual([]);
    await entry.click();
    await page.waitForURL((url) => url.pathname.startsWith("/departements/62/trimestres/"));
    expect(problems).toEqual([]);
  });
});
