// A prefecture user of a département no seeded demo account covers, for browser tests that need
// a département of their own (62 and 59 are shared by other files). The national user adds the
// member (as in the members' page), then the new user signs in with the development sign-in, by
// address, from the page itself so that the browser keeps the session cookie.
import type { Browser } from "playwright-core";
import { expect } from "vitest";
import { openPage, signIn } from "./browser.ts";

export async function newPrefectureUser(
  browser: Browser,
  baseURL: string,
  problems: string[],
  departmentCode: string,
  email: string,
) {
  const origin = new URL(baseURL).origin;
  const national = await signIn(browser, baseURL, problems, "Administration centrale (national)");
  const added = await national.page.request.post(`/api/v1/departments/${departmentCode}/members`, {
    headers: { origin },
    data: { email, role: "prefecture", name: `Préfecture (${departmentCode})` },
  });
  expect(added.status(), await added.text()).toBe(201);
  await national.context.close();

  const { context, page } = await openPage(browser, baseURL, problems);
  await page.goto("/connexion");
  const status = await page.evaluate(
    async (address) =>
      (
        await fetch("/api/auth/dev-signin", {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ email: address }),
          credentials: "same-origin",
        })
      ).status,
    email,
  );
  expect(status).toBe(204);
  return { context, page, origin };
}
