import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium } from "./browser.ts";
import { newPrefectureUser } from "./new-prefecture.ts";

// The prefecture edits its convention type with the live preview and saves a new version. In the
// Calvados (14), which no other browser test touches: 62's template is the one conventions.test.ts
// makes its conventions from.

const baseURL = inject("baseURL");
const problems: string[] = [];
const CODE = "14";
let browser: Browser;
let context: BrowserContext;
let page: Page;

const preview = () => page.getByRole("region", { name: "Aperçu (exemple)" });
const text = () => page.getByLabel("Texte du modèle");

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await newPrefectureUser(
    browser,
    baseURL,
    problems,
    CODE,
    "prefecture-14@maillage.test",
  ));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the convention template, in the browser", () => {
  it("opens the national default from the conventions page, its preview filled with the département", async () => {
    await page.goto(`/departements/${CODE}/conventions`);
    await page.getByRole("link", { name: "Modifier le modèle de convention" }).click();
    await page.waitForURL(`**/departements/${CODE}/conventions/modele`);
    await page.getByRole("heading", { level: 1, name: "Modèle de convention de stage croisé" }).waitFor();
    await page.getByText("Version 1 : le modèle national par défaut").waitFor();
    // The sample convention of the preview takes the département's own name.
    await preview().getByRole("heading", { name: "Convention de stage croisé — Calvados" }).waitFor();
    await expect(
      page.getByRole("button", { name: "Enregistrer une nouvelle version" }).isDisabled(),
    ).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("the preview follows the typing, and a template that drops a party cannot be saved", async () => {
    await text().focus();
    await page.keyboard.press("ControlOrMeta+End");
    await text().pressSequentially("\n\n## Article 12 — Restitution\nLe stagiaire présente à ");
    await preview().getByRole("heading", { name: "Article 12 — Restitution" }).waitFor();
    await preview()
      .getByText(/^Le stagiaire présente à$/)
      .waitFor();
    await text().pressSequentially("{{structure_envoi}} ce qu'il a appris.");
    // The placeholder is filled with the sample's sending organisation as soon as it is closed.
    await preview()
      .getByText(
        "Le stagiaire présente à Brigade de gendarmerie de Saint-Pol-sur-Ternoise ce qu'il a appris.",
      )
      .waitFor();

    const edited = await text().inputValue();
    await text().fill(edited.replaceAll("{{stagiaire}}", "la personne"));
    await page.getByText(/La convention doit nommer les parties : ajoutez \{\{stagiaire\}\}/).waitFor();
    await expect
      .poll(() => page.getByRole("button", { name: "Enregistrer une nouvelle version" }).isDisabled())
      .toBe(true);
    await text().fill(edited);
    await expect.poll(() => page.getByText(/La convention doit nommer les parties/).count()).toBe(0);
  });

  it("saves version 2; the versions list it beside the default, and a reload shows the saved text", async () => {
    await page.getByRole("button", { name: "Enregistrer une nouvelle version" }).click();
    await page
      .getByText("Version 2 enregistrée. Les conventions déjà établies gardent leur texte.")
      .waitFor();
    await page.getByText(/^Version 2 — modifiée le /).waitFor();
    await page.getByText("Version 1 — modèle par défaut").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await page.getByText(/^Version 2, enregistrée le /).waitFor();
    await expect.poll(() => text().inputValue()).toMatch(/## Article 12 — Restitution\n/);
    await preview().getByRole("heading", { name: "Article 12 — Restitution" }).waitFor();
    await expect
      .poll(() => page.getByRole("button", { name: "Enregistrer une nouvelle version" }).isDisabled())
      .toBe(true);
    expect(problems).toEqual([]);
  });
});
