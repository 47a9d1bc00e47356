import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addDays, parisDate, periodOf } from "../shared/periods.ts";
import type { ReportItem } from "../shared/reports.ts";
import {
  axeViolations,
  launchChromium,
  openPage,
  signIn as signInAs,
  stepsBuildOnEachOther,
} from "./browser.ts";

// Issue 7's browser scenario: the CU d'Arras coordinator (demo user) creates a contract with four
// partner signatories in the stepped form; each partner's member records its organisation's
// signature on the contract page; the prefecture sees it in force, and the quarter report of 62
// counts it (sheet 4.4's figures are derived from the contracts). Three partners have no demo
// user: the prefecture adds one member each through the API in the set-up, as it would in the app.
const baseURL = inject("baseURL");
/** What this file reads of a contract (shared/contracts.ts is written for the Worker's resolution). */
type Contract = {
  title: string;
  status: string;
  signatories: { organisationName: string }[];
  components: { key: string; state: string | null }[];
};
const today = parisDate(new Date());
const period = periodOf(today);
const title = `Contrat local e2e ${Date.now().toString(36)}`;
const PARTNERS = [
  {
    name: "CAF du Pas-de-Calais",
    search: "CAF du Pas",
    role: "Accès aux droits",
    email: "e2e-caf-62@maillage.test",
  },
  { name: "France Victimes 62", search: "France Vict", role: "Aide aux victimes", email: "" },
  {
    name: "Centre hospitalier d'Arras",
    search: "Centre hosp",
    role: "Soins et constatations",
    email: "e2e-ch-62@maillage.test",
  },
  {
    name: "Parquet du tribunal judiciaire d'Arras",
    search: "Parquet",
    role: "Traitement judiciaire",
    email: "e2e-parquet-62@maillage.test",
  },
] as const;

let browser: Browser;
let coordinator: BrowserContext;
let prefecture: BrowserContext;
let page: Page;
let prefecturePage: Page;
const others: BrowserContext[] = [];
/** Every CSP refusal and uncaught error the browser reports during the whole scenario. */
const problems: string[] = [];
let contractUrl = "";

const signIn = (label: string) => signInAs(browser, baseURL, problems, label);

/** The quarter report's derived count of contracts in force, as the prefecture reads it. */
async function contractsInForce(): Promise<unknown> {
  const res = await prefecturePage.request.get(`/api/v1/departments/62/periods/${period}/report`);
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: ReportItem[] };
  const item = items.find((i) => i.indicator === "62-4.4-1");
  expect(item).toMatchObject({ derived: true });
  return item?.value;
}

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Contrat local signe");
  return Buffer.from(await doc.save());
}

const axeClean = async (p: Page) => expect(await axeViolations(p)).toEqual([]);

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: coordinator, page } = await signIn("Communauté urbaine d'Arras (membre, 62)"));
  ({ context: prefecture, page: prefecturePage } = await signIn("Préfecture du Pas-de-Calais (62)"));
  const res = await prefecturePage.request.get("/api/v1/departments/62/organisations?limit=100");
  const { items } = (await res.json()) as { items: { id: string; name: string }[] };
  for (const partner of PARTNERS) {
    if (!partner.email) continue;
    const organisationId = items.find((o) => o.name === partner.name)?.id;
    expect(organisationId, partner.name).toBeTruthy();
    const added = await prefecturePage.request.post("/api/v1/departments/62/members", {
      headers: { origin: baseURL },
      data: { email: partner.email, name: `Membre ${partner.name}`, role: "member", organisationId },
    });
    expect([201, 409], await added.text()).toContain(added.status());
  }
});

afterAll(async () => {
  for (const c of [coordinator, prefecture, ...others]) await c?.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("local contracts, in the browser", () => {
  let before: unknown;

  it("the coordinator finds the contracts from the département page, with the coverage figure", async () => {
    before = await contractsInForce();
    await page.goto("/departements/62");
    await page
      .locator("main")
      .getByRole("link", { name: /Contrats locaux/ })
      .click();
    await page.waitForURL("**/departements/62/contrats");
    await page.getByRole("heading", { level: 1, name: /Contrats locaux/ }).waitFor();
    await page.getByText(/de la population du département couverte/).waitFor();
    await page.getByRole("table").waitFor();
    await axeClean(page);
  });

  // Six steps and five axe runs: 46 s of the default minute on a loaded 2-core machine.
  it("creates a contract in six steps with four partners, a component in progress, dates and the signed PDF", {
    timeout: 120_000,
  }, async () => {
    await page.getByRole("link", { name: "Nouveau contrat" }).click();
    await page.waitForURL("**/contrats/nouveau");
    await page.getByText("Étape 1 sur 6").waitFor();
    // The route change puts the keyboard on the page's h1 first (ui/Layout.tsx): wait for it, so it
    // cannot land after the field errors' own focus.
    await page.locator("h1:focus").waitFor();
    // Sent empty: the API's messages show under their fields, the keyboard lands on the first one.
    await page.getByRole("button", { name: "Créer le brouillon et continuer" }).click();
    await page.getByText("Intitulé : champ obligatoire.").waitFor();
    await page.getByText("Instance inconnue : clspd ou cispd.").waitFor();
    await expect.poll(() => page.locator(":focus").getAttribute("name")).toBe("title");
    await page.getByLabel("Intitulé du contrat").fill(title);
    // The coordinator belongs to one EPCI only: it is chosen already.
    await expect.poll(() => page.getByLabel("Collectivité porteuse").inputValue()).not.toBe("");
    await page.getByText(/^CISPD/).click();
    await page.getByLabel("Nom du coordinateur ou de la coordinatrice").fill("Hélène Lefèvre");
    await page.getByRole("textbox", { name: /^Fonction/ }).fill("Coordinatrice du CISPD");
    await page.getByLabel("Adresse électronique professionnelle").fill("h.lefevre@cu-arras.fr");
    await axeClean(page);
    await page.getByRole("button", { name: "Créer le brouillon et continuer" }).click();

    // Territory: pre-filled with the EPCI's communes.
    await page.waitForURL(/\/contrats\/[^/]+\/modifier\?etape=2$/);
    contractUrl = new URL(page.url()).pathname.replace(/\/modifier$/, "");
    await page.getByText("Étape 2 sur 6").waitFor();
    await page.getByText(/^Arras \(62041\)$/).waitFor();
    await expect.poll(() => page.getByRole("checkbox", { checked: true }).count()).toBeGreaterThan(10);
    await axeClean(page);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

    await page.getByText("Étape 3 sur 6").waitFor();
    for (const [n, partner] of PARTNERS.entries()) {
      const picker = page.getByRole("combobox", { name: "Organisation du département" });
      await picker.fill(partner.search);
      await page.getByRole("option", { name: partner.name }).click();
      await page.getByLabel("Rôle dans le contrat").fill(partner.role);
      await page.getByRole("button", { name: "Ajouter ce signataire" }).click();
      await page.getByRole("cell", { name: partner.name, exact: true }).waitFor();
      await page.getByText(`Signataires (${n + 1})`).waitFor();
    }
    await axeClean(page);
    await page.getByRole("button", { name: "Continuer" }).click();

    await page.getByText("Étape 4 sur 6").waitFor();
    const protocol = page.getByRole("group", { name: /protocole/i });
    await protocol.getByLabel("État").selectOption("in_progress");
    await protocol.getByLabel("Précisions").fill("Circuit de prise en charge rédigé avec l'hôpital.");
    await axeClean(page);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

    await page.getByText("Étape 5 sur 6").waitFor();
    await page.getByLabel("Début").fill(today);
    await page.getByLabel("Fin").fill(addDays(today, 3 * 365));
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

    await page.getByText("Étape 6 sur 6").waitFor();
    await page.getByLabel("Fichier").setInputFiles({
      name: "contrat-signé.pdf",
      mimeType: "application/pdf",
      buffer: await pdf(),
    });
    await page.getByText(/prêt à être déposé/).waitFor();
    await page.getByRole("button", { name: "Déposer le document" }).click();
    await page.getByRole("link", { name: "contrat-signé.pdf" }).waitFor();
    await axeClean(page);
    await page.getByRole("button", { name: "Terminer et voir le contrat" }).click();

    await page.waitForURL(`**${contractUrl}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await expect.poll(() => page.locator(".app-contract__status").textContent()).toBe("Brouillon");
    await page.getByRole("heading", { name: "Signatures (0 sur 4)" }).waitFor();
    await page.getByText("Circuit de prise en charge rédigé avec l'hôpital.").waitFor();
    await page.getByRole("heading", { name: "Historique des versions" }).waitFor();
    await axeClean(page);

    const id = contractUrl.split("/").at(-1) ?? "";
    const res = await page.request.get(`/api/v1/departments/62/contracts/${id}`);
    const saved = (await res.json()) as Contract;
    expect(saved).toMatchObject({ title, status: "draft", council: "cispd", startsOn: today });
    expect(saved.signatories.map((s) => s.organisationName).sort()).toEqual(
      PARTNERS.map((p) => p.name).sort(),
    );
    expect(saved.components.find((c) => c.key === "victim_care_protocol")).toMatchObject({
      state: "in_progress",
    });
  });

  it("each partner's member records its organisation's signature; the last one makes the contract signed", async () => {
    for (const [n, partner] of PARTNERS.entries()) {
      let context: BrowserContext;
      let p: Page;
      if (partner.email) {
        ({ context, page: p } = await openPage(browser, baseURL, problems));
        const signedIn = await context.request.post("/api/auth/dev-signin", {
          headers: { origin: baseURL },
          data: { email: partner.email },
        });
        expect(signedIn.status()).toBe(204);
      } else {
        ({ context, page: p } = await signIn("France Victimes 62 (membre, 62)"));
      }
      others.push(context);
      await p.goto(contractUrl);
      await p.getByRole("heading", { level: 1, name: title }).waitFor();
      const open = p.getByRole("button", { name: `Enregistrer notre signature (${partner.name})` });
      if (partner.email) {
        await open.click();
        await p.getByLabel("Nom de la personne qui signe").fill(`Signataire ${n + 1}`);
        await p.getByLabel("Fonction").fill("Directeur");
        if (n === 0) await axeClean(p);
        await p.getByRole("button", { name: "Enregistrer la signature" }).click();
      } else {
        // Keyboard only: the form opens with the focus in its first field; Enter sends it.
        await open.focus();
        await p.keyboard.press("Enter");
        await p.getByLabel("Nom de la personne qui signe").and(p.locator(":focus")).waitFor();
        await p.keyboard.type(`Signataire ${n + 1}`);
        await p.keyboard.press("Tab");
        await p.keyboard.type("Directrice");
        await p.keyboard.press("Enter");
      }
      await p.getByText("La signature a été enregistrée.").waitFor();
      await p.getByRole("heading", { name: `Signatures (${n + 1} sur 4)` }).waitFor();
    }
  });

  it("the prefecture sees it in force, in the list and on its page, and the quarter report counts it", async () => {
    await prefecturePage.goto("/departements/62/contrats");
    await prefecturePage.getByLabel("Statut").selectOption("in_force");
    const row = prefecturePage.getByRole("row", { name: new RegExp(title) });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/En vigueur.*4 sur 4/);
    await row.getByRole("link", { name: title }).click();
    await prefecturePage.getByRole("heading", { level: 1, name: title }).waitFor();
    await expect.poll(() => prefecturePage.locator(".app-contract__status").textContent()).toBe("En vigueur");
    await prefecturePage.getByRole("button", { name: "Résilier" }).waitFor();
    await axeClean(prefecturePage);
    expect(await contractsInForce()).toBe((before as number) + 1);
  });

  it("the coordinator records an amendment: a new version in the history, the previous one kept", async () => {
    await page.goto(contractUrl);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByRole("button", { name: "Enregistrer un avenant" }).click();
    await page.getByLabel("Objet de l'avenant").fill("Prolongation d'un an");
    await page.getByLabel("Fin", { exact: true }).fill(addDays(today, 4 * 365));
    await axeClean(page);
    await page.getByRole("button", { name: "Enregistrer l'avenant" }).click();
    await page.getByText("L'avenant a été enregistré.").waitFor();
    await page.getByText(/Avenant n° 1 du .*Prolongation d'un an \(modifié : fin\)/).waitFor();
    await page.getByText(/^Version \d+ — Contrat signé$/).waitFor();
  });

  it("the prefecture comments, then terminates it with a reason and a date", async () => {
    await prefecturePage.reload();
    await prefecturePage.getByRole("heading", { level: 1, name: title }).waitFor();
    await prefecturePage.getByLabel("Ajouter un commentaire").fill("Merci d'ajouter le bailleur social.");
    await prefecturePage.getByRole("button", { name: "Publier le commentaire" }).click();
    await prefecturePage.getByText(/Préfecture, le .* : Merci d'ajouter le bailleur social\./).waitFor();
    await prefecturePage.getByRole("button", { name: "Résilier" }).click();
    await prefecturePage.getByLabel("Motif de la résiliation").fill("Dissolution du CISPD");
    await prefecturePage.getByRole("button", { name: "Résilier le contrat" }).click();
    await prefecturePage.getByText("Le contrat a été résilié.").waitFor();
    await expect.poll(() => prefecturePage.locator(".app-contract__status").textContent()).toBe("Résilié");
    await prefecturePage
      .getByText(/Dissolution du CISPD/)
      .first()
      .waitFor();
    expect(problems).toEqual([]);
  });
});
