// Shared by the browser tests: Debian's Chromium (never a downloaded browser), a French page that
// records CSP refusals and script errors, and axe.
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { beforeEach } from "vitest";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/** A new context and page on the app; every CSP refusal and uncaught error goes into `problems`. */
export async function openPage(browser: Browser, baseURL: string, problems: string[]) {
  const context = await browser.newContext({
    baseURL,
    locale: "fr-FR",
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    const text = message.text();
    if (text.includes("Refused to") || text.includes("Content Security Policy")) problems.push(text);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { context, page };
}

/** axe's violations on the page, one readable line each (an empty list is the goal). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(", ")}`);
}

/**
 * A new page signed in with the one-click demo button labelled `label`. Dev sign-in is rate
 * limited (5 a minute per user): sign in once per user and file.
 */
export async function signIn(browser: Browser, baseURL: string, problems: string[], label: string) {
  const { context, page } = await openPage(browser, baseURL, problems);
  await page.goto("/connexion");
  await page.getByRole("button", { name: label }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/connexion"));
  return { context, page };
}

/**
 * For tests that are the steps of one scenario, each building on what the previous ones left (a
 * page, an id, a stored state): once a step fails, every later step of the file (or of the
 * `describe` this is called in) fails at once, naming the step that failed, instead of waiting out
 * its own timeout for a state that will never come. The browser's problems so far (CSP refusals,
 * script errors) go into that message: they often explain the first failure.
 */
export function stepsBuildOnEachOther(problems: string[] = []) {
  let failed = "";
  beforeEach(({ task, onTestFailed }) => {
    if (failed) {
      const seen = problems.length > 0 ? ` Browser problems so far: ${problems.join(" | ")}` : "";
      throw new Error(`Not run: the earlier step « ${failed} » failed, and this one builds on it.${seen}`);
    }
    onTestFailed(() => {
      failed ||= task.name;
    });
  });
}

/** A day in Paris as YYYY-MM-DD, `offsetDays` from today: what the app calls today. */
export const parisDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + offsetDays * 86_400_000));
