import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withLuhnKey } from "../shared/identifiers.ts";
import {
  axeViolations,
  launchChromium,
  openPage,
  parisDay,
  signIn as signInAs,
  stepsBuildOnEachOther,
} from "./browser.ts";

// From an offer of France Victimes 62 to a completed placement of a gendarme of the
// Saint-Pol-sur-Ternoise brigade, signed by the three parties. The demo has no brigade: the
// prefecture creates it and its two members (the commander, who signs for the brigade, and the
// gendarme, the trainee) through the API. The offer, the application and its acceptance go through
// the placements API; the convention, from its creation to the evaluation, through the browser.
const baseURL = inject("baseURL");
const problems: string[] = [];
let browser: Browser;
let host: Page;
let commander: Page;
let gendarme: Page;
let applicationId = "";
let offerId = "";
let offerPath = "";
let conventionPath = "";
const stamp = Date.now().toString(36);
const today = parisDay();

/** A user who is not a demo button: signed in through the development sign-in, from the app's origin. */
async function signInByEmail(email: string): Promise<Page> {
  const { page } = await openPage(browser, baseURL, problems);
  await page.goto("/connexion");
  const status = await page.evaluate(async (address) => {
    const res = await fetch("/api/auth/dev-signin", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: address }),
    });
    return res.status;
  }, email);
  expect(status).toBe(204);
  return page;
}

async function json<T>(res: { status(): number; json(): Promise<unknown> }, status: number): Promise<T> {
  const body = await res.json();
  expect(res.status(), JSON.stringify(body)).toBe(status);
  return body as T;
}

beforeAll(async () => {
  browser = await launchChromium();
  const { page: prefecture } = await signInAs(browser, baseURL, problems, "Préfecture du Pas-de-Calais (62)");
  const brigade = await json<{ id: string }>(
    await prefecture.request.post("/api/v1/departments/62/organisations", {
      headers: { origin: baseURL },
      data: {
        kind: "gendarmerie",
        name: `Brigade de gendarmerie de Saint-Pol-sur-Ternoise ${stamp}`,
        siret: withLuhnKey(`9990${String(Date.now()).slice(-9)}`),
      },
    }),
    201,
  );
  const emails = {
    commander: `commandant-${stamp}@maillage.test`,
    gendarme: `gendarme-${stamp}@maillage.test`,
  };
  for (const [who, name] of [
    ["commander", "Adjudant-chef Éric Noël"],
    ["gendarme", "Camille Lefèvre"],
  ] as const) {
    const res = await prefecture.request.post("/api/v1/departments/62/members", {
      headers: { origin: baseURL },
      data: { email: emails[who], name, role: "member", organisationId: brigade.id },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await prefecture.context().close();

  ({ page: host } = await signInAs(browser, baseURL, problems, "France Victimes 62 (membre, 62)"));
  const me = await json<{ memberships: { departmentCode: string; organisationId: string | null }[] }>(
    await host.request.get("/api/v1/me"),
    200,
  );
  const franceVictimes = me.memberships.find((m) => m.departmentCode === "62")?.organisationId ?? "";
  const offer = await json<{ id: string }>(
    await host.request.post("/api/v1/departments/62/placements", {
      headers: { origin: baseURL },
      data: {
        hostOrganisationId: franceVictimes,
        service: "Service d'aide aux victimes d'Arras",
        title: "Accompagner une victime de la plainte à l'audience",
        description: "Accueil des victimes, accompagnement vers la plainte et à l'audience.",
        professions: ["gendarmerie", "police"],
        communeInseeCode: "62041",
        halfDays: 2,
        schedule: { kind: "period", start: today, end: today },
        capacity: 1,
        contact: { name: "Hélène Dupré" },
      },
    }),
    201,
  );
  await json(
    await host.request.post(`/api/v1/departments/62/placements/${offer.id}/publish`, {
      headers: { origin: baseURL },
      data: {},
    }),
    200,
  );
  offerId = offer.id;

  offerPath = `/departements/62/stages/${offer.id}`;
  commander = await signInByEmail(emails.commander);
  gendarme = await signInByEmail(emails.gendarme);
});

afterAll(async () => {
  await browser?.close();
});

/** The page is a lazily loaded SPA on a busy machine: wait for a state, never for a time. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const badge = (p: Page) => p.locator("main .fr-badge").first().textContent();
const step = (p: Page, party: string) => p.locator("ol li", { hasText: party }).first();

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("a cross-training placement from France Victimes 62's offer to a gendarme's evaluation", () => {
  it("the gendarme applies on the offer's page, France Victimes 62 accepts", async () => {
    await gendarme.goto(offerPath);
    await gendarme.getByLabel("Votre profession").selectOption("gendarmerie");
    await gendarme.getByLabel("Du", { exact: true }).fill(today);
    await gendarme.getByLabel("Au", { exact: true }).fill(today);
    await gendarme.getByLabel("Motivation").fill("Mieux orienter les victimes reçues à la brigade.");
    await gendarme.getByRole("button", { name: "Envoyer ma candidature" }).click();
    await poll(() => gendarme.locator("#own-application").count()).toBe(1);
    const mine = await json<{ items: { id: string; applicant: { email: string } }[] }>(
      await gendarme.request.get(`/api/v1/departments/62/placements/${offerId}/applications`),
      200,
    );
    applicationId = mine.items[0]?.id ?? "";
    expect(applicationId).not.toBe("");

    await host.goto(offerPath);
    const card = host.getByRole("article", { name: "Candidature de Camille Lefèvre" });
    await card.getByRole("button", { name: "Accepter" }).click();
    await poll(() => card.getByRole("button", { name: "Accepter" }).count()).toBe(0);
  });

  it("the host establishes the convention from the accepted application and sends it for signature", async () => {
    await host.goto(`/departements/62/conventions/nouvelle?candidature=${applicationId}`);
    await poll(() => host.getByLabel("Candidature acceptée").inputValue()).toBe(applicationId);
    await host.getByRole("button", { name: "Établir la convention" }).click();
    await host.waitForURL((url) => /^\/departements\/62\/conventions\/[0-9a-f-]{36}$/.test(url.pathname));
    conventionPath = new URL(host.url()).pathname;
    await poll(() => host.locator("main h1").textContent()).toBe(
      "Convention de stage croisé — Camille Lefèvre",
    );
    await poll(() => host.getByText("Article 6 — Confidentialité et secret professionnel").count()).toBe(1);
    await host.getByRole("button", { name: "Envoyer pour signature" }).click();
    await poll(() => step(host, "Structure d'origine").textContent()).toContain("à signer maintenant");
    expect(await host.getByRole("button", { name: "Signer la convention" }).count()).toBe(0);
    expect(await axeViolations(host)).toEqual([]);
  });

  it("the brigade signs first, then France Victimes 62, then the gendarme", async () => {
    await gendarme.goto(conventionPath);
    await poll(() => step(gendarme, "Stagiaire").textContent()).toContain("en attente");
    expect(await gendarme.getByRole("button", { name: "Signer la convention" }).count()).toBe(0);

    await commander.goto(conventionPath);
    await commander.getByLabel("Votre fonction (facultatif)").fill("Commandant de brigade");
    await commander.getByRole("button", { name: "Signer la convention" }).click();
    await poll(() => step(commander, "Structure d'origine").textContent()).toContain(
      "par Adjudant-chef Éric Noël, Commandant de brigade",
    );

    await host.reload();
    await host.getByRole("button", { name: "Signer la convention" }).click();
    await poll(() => step(host, "Structure d'accueil").textContent()).toContain("signé le");

    await gendarme.reload();
    await gendarme.getByRole("button", { name: "Signer la convention" }).click();
    await poll(() => badge(gendarme)).toBe("Signée");
    await poll(() => step(gendarme, "Stagiaire").textContent()).toContain("par Camille Lefèvre");

    const pdf = await gendarme.request.get(
      `/api/v1/departments/62/conventions/${conventionPath.split("/").pop()}.pdf`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
  });

  it("the host confirms the placement took place, and the gendarme evaluates it", async () => {
    await host.reload();
    await host.getByRole("button", { name: "Confirmer que le stage a eu lieu" }).click();
    await poll(() => badge(host)).toBe("Stage réalisé");

    await gendarme.reload();
    await gendarme
      .getByLabel("Ce que j'ai appris")
      .fill("Comment l'association accompagne une victime jusqu'à l'audience.");
    await gendarme
      .getByLabel("Ce qui changera dans ma pratique")
      .fill("J'orienterai plus tôt vers France Victimes 62.");
    // The DSFR radio's label covers its input: click the label, as a person does.
    await gendarme.locator("label.fr-label", { hasText: /^5$/ }).click();
    await gendarme.getByRole("button", { name: "Envoyer l'évaluation" }).click();
    await poll(() => gendarme.getByText("Merci : votre évaluation est enregistrée.").count()).toBe(1);
    await poll(() => gendarme.getByRole("button", { name: "Envoyer l'évaluation" }).count()).toBe(0);
    expect(await axeViolations(gendarme)).toEqual([]);
  });

  it("the browser reported no CSP refusal and no script error", () => {
    expect(problems).toEqual([]);
  });
});
