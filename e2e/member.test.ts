import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReportItem as Item, Report, ReportSummary } from "../shared/reports.ts";
import { axeViolations, launchChromium, signIn as signInAs, stepsBuildOnEachOther } from "./browser.ts";

// An association member of 62 (France Victimes 62) on the seed's open quarter, 2026-Q3: the
// seed gives that organisation a few national indicators of 62, so the member has rows to enter.
//
// The quarter is shared with reports.test.ts, which runs against the same wrangler instance and
// submits then validates 62's 2026-Q3 (test files run one after the other, in no fixed order). The
// seed leaves no other open draft for 62 (2026-Q1 and Q2 are validated), and a member cannot
// reopen a report. So when this file finds 2026-Q3 no longer a draft, it signs the prefecture in
// (a second browser context, once) and reopens it through the API, as the prefecture would, before
// the member's scenario. The other way round needs nothing: reports.test.ts reads the report
// before each step, so one value entered here first does not disturb it.
const baseURL = inject("baseURL");
const period = "2026-Q3";
const reportApi = `/api/v1/departments/62/periods/${period}/report`;

/** One row of the table as the browser shows it. */
type Row = { indicator: string; answer: string; inputs: number };

let browser: Browser;
let member: BrowserContext;
let page: Page;
/** Every CSP refusal and uncaught error the browser reports during the whole scenario. */
const problems: string[] = [];

const signIn = (label: string) => signInAs(browser, baseURL, problems, label);

/** The report as the API gives it to whoever `p` is signed in as, with its ETag. */
async function readReport(p: Page = page): Promise<Report & { etag: string }> {
  const res = await p.request.get(reportApi);
  expect(res.status()).toBe(200);
  return { ...((await res.json()) as Report), etag: res.headers().etag ?? "" };
}

/** The rows of the report's tables: indicator code, answer cell text, how many form fields. */
const shownRows = () =>
  page.locator("tr.app-report__row").evaluateAll((rows): Row[] =>
    rows.map((row) => ({
      indicator: row.querySelector(".app-report__code")?.textContent ?? "",
      answer: (row.querySelector(".app-report__answer")?.textContent ?? "").replace(/\s+/g, " ").trim(),
      inputs: row.querySelectorAll("input, select, textarea").length,
    })),
  );
const field = (code: string) => page.locator(`[id="champ-value-${code.replace(/[^\w-]/g, "_")}"]`);
const mineSwitch = () => page.getByRole("checkbox", { name: "Mes indicateurs" });

/** The member's organisations in 62 (from /me) and the names of 62's organisations. */
let myOrganisations = new Set<string>();
const organisationNames = new Map<string, string>();
/** The report as the member first sees it in this file (after a reopen, if one was needed). */
let initial: Report;
const isMine = (i: Item) =>
  i.editable || (i.responsibleOrganisationId !== null && myOrganisations.has(i.responsibleOrganisationId));

beforeAll(async () => {
  browser = await launchChromium();
  ({ context: member, page } = await signIn("France Victimes 62 (membre, 62)"));

  const me = (await (await page.request.get("/api/v1/me")).json()) as {
    user: { email: string };
    memberships: { departmentCode: string; role: string; organisationId: string | null }[];
  };
  expect(me.user.email).toBe("association-62@maillage.test");
  myOrganisations = new Set(
    me.memberships
      .filter((m) => m.departmentCode === "62" && m.role === "member" && m.organisationId)
      .map((m) => m.organisationId as string),
  );
  for (const archived of ["false", "true"]) {
    const res = await page.request.get(`/api/v1/departments/62/organisations?limit=200&archived=${archived}`);
    expect(res.status()).toBe(200);
    for (const o of ((await res.json()) as { items: { id: string; name: string }[] }).items)
      organisationNames.set(o.id, o.name);
  }

  if ((await readReport()).status !== "draft") {
    // reports.test.ts ran first and submitted/validated the quarter: the prefecture reopens it.
    const prefecture = await signIn("Préfecture du Pas-de-Calais (62)");
    try {
      const { etag } = await readReport(prefecture.page);
      const res = await prefecture.page.request.post(`${reportApi}/reopen`, {
        headers: { "if-match": etag, origin: baseURL },
        data: { reason: "Rouvert pour le test du membre (e2e)" },
      });
      expect(res.status()).toBe(200);
    } finally {
      await prefecture.context.close();
    }
  }
  initial = await readReport();
  expect(initial.status).toBe("draft");
});

afterAll(async () => {
  await member?.close();
  await browser?.close();
});

// Each test is a step of the scenario, on the state the previous ones left.
stepsBuildOnEachOther(problems);

describe("an association member enters its own indicators, in the browser", () => {
  it("shows only the member's indicators by default, without Soumettre nor Valider", async () => {
    const mine = initial.items.filter(isMine);
    // The seed gives France Victimes 62 a few indicators of 62, not all of them.
    expect(myOrganisations.size).toBe(1);
    expect(mine.filter((i) => i.editable && !i.derived).length).toBeGreaterThanOrEqual(1);
    expect(mine.length).toBeLessThan(initial.items.length);

    await page.goto(`/departements/62/trimestres/${period}`);
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    await page.locator("tr.app-report__row").first().waitFor();
    await expect.poll(() => page.locator(".app-report__status").textContent()).toBe("Brouillon");
    await expect.poll(() => mineSwitch().isChecked()).toBe(true);

    // Rows after the first few are rendered in chunks, when the browser is idle: wait for all of them.
    await expect
      .poll(async () => (await shownRows()).map((r) => r.indicator).sort())
      .toEqual(mine.map((i) => i.indicator).sort());
    const rows = await shownRows();
    // The rows the member may fill in have their fields.
    for (const item of mine.filter((i) => i.editable && !i.derived))
      expect(rows.find((r) => r.indicator === item.indicator)?.inputs).toBeGreaterThan(0);

    // Submitting and validating belong to the prefecture: the member is told so, with no button.
    await expect
      .poll(() => page.getByRole("button", { name: /^(Soumettre|Valider|Rouvrir)\b/ }).count())
      .toBe(0);
    await page.getByText("La préfecture soumet puis valide le rapport").waitFor();
  });

  it("saves a typed value as a draft, stored by the API", async () => {
    const editable = initial.items.filter(
      (i) => i.editable && !i.derived && ["count", "days", "euros", "percent"].includes(i.unit),
    );
    // An empty one if there is one (the seed leaves N33-1 empty), else an answered one.
    const target = editable.find((i) => i.state === null) ?? editable[0];
    if (!target) throw new Error("no numeric indicator for the member to enter");
    const value = target.value === 17 ? 18 : 17;

    await field(target.indicator).fill(String(value));
    await field(target.indicator).blur();
    await page.getByText(/^Brouillon enregistré à \d{2}:\d{2}$/).waitFor({ timeout: 10_000 });
    await expect.poll(() => field(target.indicator).inputValue()).toBe(String(value));

    await expect
      .poll(async () => (await readReport()).items.find((i) => i.indicator === target.indicator))
      .toMatchObject({ state: "value", value, editable: true });
    await expect.poll(() => page.locator(".app-report__status").textContent()).toBe("Brouillon");
  });

  it("shows the other organisations' rows read-only, with who answers them, once the filter is off", async () => {
    // DSFR's toggle: the label covers the (transparent) checkbox, so click the label as a user would.
    await page.locator(".fr-toggle__label", { hasText: "Mes indicateurs" }).click();
    await expect.poll(() => mineSwitch().isChecked()).toBe(false);
    const others = initial.items.filter((i) => !i.editable && !i.derived);
    // Some of them are given to another organisation of 62, not only to the prefecture.
    expect(
      others.some((i) => i.responsibleOrganisationId && !myOrganisations.has(i.responsibleOrganisationId)),
    ).toBe(true);
    const expected = (i: Item) =>
      `${i.state ? "Renseigné par" : "À renseigner par"} ${i.responsibleOrganisationId === null ? "la préfecture" : organisationNames.get(i.responsibleOrganisationId)}`;

    // The names arrive with a second request: wait until every row says who answers it.
    await expect
      .poll(async () => {
        const rows = new Map((await shownRows()).map((r) => [r.indicator, r]));
        return {
          shown: rows.size,
          wrong: others
            .filter((i) => {
              const row = rows.get(i.indicator);
              return !(row?.inputs === 0 && row.answer.endsWith(expected(i)));
            })
            .map((i) => i.indicator),
        };
      })
      .toEqual({ shown: initial.items.length, wrong: [] });
    // The member's own rows keep their fields.
    const target = initial.items.find((i) => i.editable && !i.derived);
    await expect.poll(() => field(target?.indicator ?? "").count()).toBe(1);
  });

  // axe over the 66 rows with the filter off: 45 s of the default minute on a loaded 2-core machine.
  it("has no accessibility violation on the quarter page", { timeout: 180_000 }, async () => {
    await page.getByRole("heading", { level: 1, name: "Rapport du 3e trimestre 2026" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/maillage-e2e-member.png" });
  });

  it("lists the member's quarters with their own organisation's progress, only those with work", async () => {
    const mine = (await readReport()).organisations;
    expect(mine).toHaveLength(1);
    const [own] = mine as [Report["organisations"][number]];
    const res = await page.request.get("/api/v1/departments/62/reports");
    expect(res.status()).toBe(200);
    const listed = ((await res.json()) as { items: ReportSummary[] }).items;

    await page.goto("/departements/62/trimestres");
    await page.getByRole("heading", { level: 1, name: "Rapports trimestriels" }).waitFor();
    const entering = page.locator('section[aria-labelledby="trimestre-en-saisie"]');
    await entering.getByRole("heading", { name: "Trimestre en cours de saisie" }).waitFor();
    const row = entering.locator(`tr[data-period="${period}"]`);
    // Their own progress (answered of assigned), not the département's completeness.
    await expect
      .poll(() => row.locator(".app-own-progress").textContent())
      .toMatch(new RegExp(`^${own.answered} sur ${own.assigned} indicateurs? renseignés?`));
    await expect.poll(() => page.getByText(/Complétude/).count()).toBe(0);

    // Every quarter shown asks something of the organisation and is open; the one being entered
    // is not among the older drafts, which are drafts only, with at least one answer (a quarter
    // nobody started is left out).
    const quarterRows = () =>
      page.locator("tr[data-period]").evaluateAll((rows) =>
        rows.map((r) => ({
          period: r.getAttribute("data-period") ?? "",
          section: r.closest("section")?.getAttribute("aria-labelledby") ?? "",
        })),
      );
    const expected = listed.filter(
      (q) =>
        q.open &&
        q.ownOrganisations.some((o) => o.assigned > 0) &&
        (q.period === period || q.status !== "draft" || (q.completeness ?? 0) > 0),
    );
    await expect
      .poll(async () => (await quarterRows()).map((r) => r.period).sort())
      .toEqual(expected.map((q) => q.period).sort());
    const shown = await quarterRows();
    // The quarter in progress is not open yet: nothing to do there.
    expect(shown.some((r) => r.period === listed[0]?.period && !listed[0]?.open)).toBe(false);
    for (const r of shown) {
      const status = listed.find((q) => q.period === r.period)?.status;
      if (r.section === "brouillons-anciens") expect(status).toBe("draft");
      if (r.section === "trimestres-transmis") expect(status).not.toBe("draft");
      if (r.period === period) expect(r.section).toBe("trimestre-en-saisie");
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/maillage-e2e-member-quarters.png", fullPage: true });
  });

  it("logged no CSP violation and no script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
