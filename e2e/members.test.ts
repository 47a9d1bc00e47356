import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, openPage, signIn, stepsBuildOnEachOther } from "./browser.ts";

// The prefecture of 62 adds a member: the list says there was no sign-in yet and offers to send the
// invitation again; the development outbox holds the invitation; its link signs the person in,
// after which the list shows the day of the last sign-in.
const baseURL = inject("baseURL");
const screenshot = "/tmp/maillage-e2e-members.png";
const email = `invitation-${Date.now()}@association.test`;
const organisation = "France Victimes 62";

let browser: Browser;
let page: Page;
/** Every CSP refusal and uncaught error the browser reports during the whole scenario. */
const problems: string[] = [];
let link = "";

const row = () => page.getByRole("row", { name: new RegExp(email.replaceAll(".", "\\.")) });

beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await signIn(browser, baseURL, problems, "Préfecture du Pas-de-Calais (62)"));
});

afterAll(async () => {
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("inviting a member, in the browser", () => {
  it("the prefecture adds a member: the list says no sign-in yet and offers « Renvoyer l'invitation »", async () => {
    await page.goto("/departements/62/membres");
    await page.getByRole("heading", { level: 1, name: /^Membres/ }).waitFor();
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByLabel("Nom (facultatif)").fill("Alex Invité");
    await page.getByLabel("Organisation").selectOption({ label: organisation });
    await page.getByRole("button", { name: "Ajouter le membre" }).click();

    const notice = page.getByText(`${email} fait désormais partie des membres du département.`, {
      exact: false,
    });
    await notice.waitFor();
    await expect.poll(() => notice.textContent()).toContain("Une invitation lui a été envoyée");
    await row().waitFor();
    await expect.poll(() => row().textContent()).toContain("Pas encore de connexion (invitation envoyée le");
    await expect
      .poll(() =>
        row()
          .getByRole("button", { name: `Renvoyer l'invitation à ${email}` })
          .isVisible(),
      )
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot, fullPage: true });
  });

  it("sending it again within the hour is refused with a French message", async () => {
    await row()
      .getByRole("button", { name: `Renvoyer l'invitation à ${email}` })
      .click();
    await page.getByText("Une invitation a été envoyée il y a moins d'une heure", { exact: false }).waitFor();
  });

  it("the development outbox holds the invitation, with its sign-in link", async () => {
    await page.goto("/dev/boite-mail");
    const mail = page.locator("article", { hasText: `À : ${email}` }).first();
    await mail.waitFor();
    await expect
      .poll(() => mail.locator("h2").textContent())
      .toBe("Invitation à Maillage — Pas-de-Calais (62)");
    await expect.poll(() => mail.locator("pre").textContent()).toContain(`pour le compte de ${organisation}`);
    link = (await mail.locator('a[href*="/api/auth/callback/email?"]').first().getAttribute("href")) ?? "";
    expect(link).toContain("token=");
  });

  it("the invited person signs in with the link; the list then shows the day of the last sign-in", async () => {
    const invited = await openPage(browser, baseURL, problems);
    await invited.page.goto(link);
    await invited.page.waitForURL(
      (url) => !url.pathname.startsWith("/api/") && url.pathname !== "/connexion",
    );
    const me = await invited.page.request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
    await invited.context.close();

    await page.goto("/departements/62/membres");
    await row().waitFor();
    await expect.poll(() => row().textContent()).toContain("Dernière connexion le ");
    await expect
      .poll(() =>
        row()
          .getByRole("button", { name: /Renvoyer l'invitation/ })
          .count(),
      )
      .toBe(0);
  });

  it("logged no CSP violation and no script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
