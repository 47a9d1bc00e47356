import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, signIn } from "./browser.ts";

// The quarter list reaches every past quarter, nine a page. The prefecture of 59 first answers one
// indicator of 2019-Q2 (a quarter no other browser test reads), so 59's history starts there.

const baseURL = inject("baseURL");
const old = "2019-Q2";
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;

const caption = () => page.locator("main table caption");
const pagination = () => page.getByRole("navigation", { name: "Pages des trimestres" });

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signIn(browser, baseURL, problems, "Préfecture du Nord (59)"));
  const path = `/api/v1/departments/59/periods/${old}/report`;
  const report = await page.request.get(path);
  expect(report.status()).toBe(200);
  const { items } = (await report.json()) as {
    items: { indicator: string; unit: string; derived: boolean }[];
  };
  const count = items.find((i) => i.unit === "count" && !i.derived);
  expect(count).toBeDefined();
  const res = await page.request.put(`${path}/values`, {
    headers: { "if-match": report.headers().etag ?? "", origin: baseURL },
    data: { values: [{ indicator: count?.indicator, state: "value", value: 7 }] },
  });
  expect(res.status(), await res.text()).toBe(200);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the quarter list", () => {
  it("pages back to the département's first report, the page kept in the address", async () => {
    await page.goto("/departements/59/trimestres");
    await expect.poll(() => caption().textContent()).toMatch(/^Le trimestre en cours et les huit précédents/);
    const last = await pagination().getByRole("link", { name: /^\d+$/ }).last();
    const pages = Number(await last.textContent());
    expect(pages).toBeGreaterThanOrEqual(3);
    await expect
      .poll(() => pagination().getByRole("link", { name: "1" }).getAttribute("aria-current"))
      .toBe("page");

    await pagination().getByRole("link", { name: "Trimestres plus anciens" }).click();
    await page.waitForURL("**/departements/59/trimestres?page=2");
    await expect.poll(() => caption().textContent()).toMatch(new RegExp(`page 2 sur ${pages}$`));
    await expect.poll(() => page.locator("main tbody tr").count()).toBe(9);

    await pagination()
      .getByRole("link", { name: String(pages) })
      .click();
    await page.waitForURL(`**/departements/59/trimestres?page=${pages}`);
    const row = page.getByRole("row", { name: /2e trimestre 2019/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Brouillon/);
    // The last page offers no older quarters.
    await expect
      .poll(() =>
        pagination()
          .locator('a[aria-disabled="true"]')
          .filter({ hasText: "Trimestres plus anciens" })
          .count(),
      )
      .toBe(1);

    await page.reload();
    await row.waitFor();
    await page.goBack();
    await page.waitForURL("**/departements/59/trimestres?page=2");
    await expect.poll(() => caption().textContent()).toMatch(/page 2 sur/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("logged no CSP violation and no script error", () => {
    expect(problems).toEqual([]);
  });
});
