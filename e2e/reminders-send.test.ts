import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, openPage, parisDay } from "./browser.ts";
import { newPrefectureUser } from "./new-prefecture.ts";

// « Envoyer maintenant » from the reminder log, then the one-click unsubscribe link of the e-mail
// it sent. In Seine-Maritime (76), which no other browser test touches: its prefecture user, an
// association and a governance meeting whose follow-up action is overdue are made here, so the
// next daily run has an « action de suivi en retard » for the prefecture whatever the date.

const baseURL = inject("baseURL");
const problems: string[] = [];
const CODE = "76";
const EMAIL = "prefecture-76@maillage.test";
const ACTION = "Diffuser l'annuaire des lieux d'accueil des victimes";
const TITLE = `Action de suivi en retard : « ${ACTION} »`;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let unsubscribePath = "";

type Reminder = { key: string; kind: string; recipient: string; status: string };
type Mail = { to: string; subject: string; text: string };

const logged = async () =>
  (
    (await (await page.request.get(`/api/v1/departments/${CODE}/reminders?limit=100`)).json()) as {
      items: Reminder[];
    }
  ).items.filter((r) => r.kind === "governance_actions_overdue");
const mailsOfAction = async () =>
  ((await (await page.request.get("/api/v1/dev/outbox")).json()) as { items: Mail[] }).items.filter(
    (m) => m.to === EMAIL && m.subject === `[Maillage] ${TITLE}`,
  );

beforeAll(async () => {
  browser = await launchChromium();
  let origin: string;
  ({ context, page, origin } = await newPrefectureUser(browser, baseURL, problems, CODE, EMAIL));
  const post = async (path: string, data: unknown) => {
    const res = await page.request.post(`/api/v1/departments/${CODE}${path}`, { headers: { origin }, data });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string };
  };
  const association = await post("/organisations", {
    kind: "association",
    name: "France Victimes 76",
    rna: "W762000123",
  });
  await post("/governance/meetings", {
    kind: "thematic",
    groupName: "Violences intrafamiliales",
    startsAt: `${parisDay(-10)}T14:00`,
    location: "Préfecture de la Seine-Maritime, Rouen",
    actions: [{ title: ACTION, ownerOrganisationId: association.id, dueOn: parisDay(-1) }],
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("sending a reminder now, and unsubscribing from its e-mail, in the browser", () => {
  it("« Envoyer maintenant » queues the reminder once, even clicked twice, and the log shows it sent", async () => {
    await page.goto(`/departements/${CODE}`);
    await page.getByTestId("dashboard").getByRole("link", { name: "Journal des relances" }).click();
    await page.waitForURL(`**/departements/${CODE}/relances`);
    await page.getByRole("heading", { name: "Relances", level: 1 }).waitFor();
    const upcoming = page.getByRole("table", { name: "Relances prévues au prochain passage" });
    const row = upcoming.getByRole("row").filter({ hasText: TITLE });
    await row.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Two clicks in a row: the same key, so one reminder and one e-mail.
    await row.getByRole("button", { name: "Envoyer maintenant" }).dblclick();
    await page.getByText(`Relance mise en file pour ${EMAIL}.`).waitFor();
    // The list of the next run is read again: the reminder is no longer to come.
    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(async () => (await logged()).map((r) => r.status)).toEqual(["sent"]);
    await expect.poll(async () => (await mailsOfAction()).length).toBe(1);

    const log = page.getByRole("table", { name: /Relances du département/ });
    await page.reload();
    const sent = log.getByRole("row").filter({ hasText: "Actions de suivi en retard" });
    await sent.waitFor();
    await expect.poll(() => sent.textContent()).toMatch(/prefecture-76@maillage\.test.*Envoyée/);
    await expect.poll(() => sent.count()).toBe(1);

    // The same key sent again (a stale page, another agent): answered as already there, nothing queued.
    const [reminder] = await logged();
    const again = await page.request.post(`/api/v1/departments/${CODE}/reminders/send-now`, {
      headers: { origin: new URL(baseURL).origin },
      data: { key: reminder?.key },
    });
    expect(again.status()).toBe(200);
    expect((await logged()).length).toBe(1);
    expect((await mailsOfAction()).length).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    const [mail] = await mailsOfAction();
    const link = /https?:\/\/\S+\/desabonnement\?jeton=\S+/.exec(mail?.text ?? "")?.[0];
    expect(link, mail?.text).toBeDefined();
    const url = new URL(link as string);
    unsubscribePath = `${url.pathname}${url.search}`;
  });

  it("the e-mail's unsubscribe link works without signing in and says so in French", async () => {
    const visitor = await openPage(browser, baseURL, problems);
    try {
      await visitor.page.goto(unsubscribePath);
      await visitor.page.getByRole("heading", { level: 1, name: "Désabonnement" }).waitFor();
      await visitor.page.getByText("C'est fait").waitFor();
      await visitor.page
        .getByText(
          `${EMAIL} ne recevra plus le rappel « Actions de suivi en retard ». Vous pouvez le réactiver dans votre profil.`,
        )
        .waitFor();
      expect(await axeViolations(visitor.page)).toEqual([]);

      // A link altered by one character of what it signs is refused, in French too.
      const token = new URL(unsubscribePath, baseURL).searchParams.get("jeton") ?? "";
      const tampered = `${token.slice(0, 3)}${token[3] === "x" ? "y" : "x"}${token.slice(4)}`;
      await visitor.page.goto(`/desabonnement?jeton=${encodeURIComponent(tampered)}`);
      await visitor.page.getByText("Désabonnement impossible").waitFor();
      await visitor.page.getByText("Ce lien de désabonnement n'est pas valide.").waitFor();
      expect(await axeViolations(visitor.page)).toEqual([]);
    } finally {
      await visitor.context.close();
    }
    const preferences = (await (await page.request.get("/api/v1/me/notification-preferences")).json()) as {
      items: { kind: string; enabled: boolean }[];
    };
    expect(preferences.items.find((p) => p.kind === "governance_actions_overdue")?.enabled).toBe(false);
    expect(problems).toEqual([]);
  });
});
