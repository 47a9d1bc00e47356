// npm run bench:web [-- --runs 3] [--keep]
// Lighthouse (mobile profile, its default simulated throttling) on three pages of the built app,
// served by a real `wrangler dev` on 127.0.0.1 with the demo seed: /connexion (signed out), then,
// signed in through the dev sign-in as the prefecture of Pas-de-Calais, the département page of 62
// and its 2026-Q3 entry page. Debian's Chromium (never a downloaded browser). Prints each page's
// scores and LCP, TBT, CLS (the median run by performance) and issue 10's targets; the full
// Lighthouse reports go to .tmp/lighthouse-<page>.json, the summary to .tmp/bench-web-results.json.
// Not a timed test: scores move with the machine's load (Lighthouse scales the CPU time it observes).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import {
  CATEGORIES,
  grid,
  type LighthouseResult,
  medianRun,
  type PageSummary,
  scoresTable,
  summarise,
  targets,
} from "./bench-web-report.ts";
import { root, runNode, startWranglerDev, type WranglerDev, wrangler } from "./wrangler-dev.ts";

const SIGN_IN_AS = "Préfecture du Pas-de-Calais (62)";
const PAGES = [
  { page: "connexion", path: "/connexion", signedIn: false },
  { page: "departement-62", path: "/departements/62", signedIn: true },
  { page: "saisie-62-2026-Q3", path: "/departements/62/trimestres/2026-Q3", signedIn: true },
] as const;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 15) {
  console.error("--runs : un entier de 1 à 15.");
  process.exit(2);
}

const log = (message: string) => console.log(`bench:web: ${message}`);
if (!existsSync(path.join(root, "web", "dist", "index.html"))) {
  console.error("Lancez d'abord `npm run build`.");
  process.exit(2);
}

const persist = mkdtempSync(path.join(tmpdir(), "maillage-bench-web-"));
let dev: WranglerDev | undefined;
let chrome: chromeLauncher.LaunchedChrome | undefined;

async function cleanUp() {
  chrome?.kill();
  await dev?.stop();
  if (args.keep) log(`données conservées dans ${persist}`);
  else rmSync(persist, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

/**
 * Signs in the browser's default context (the one Lighthouse's tabs use) with the one-click demo
 * button, as e2e/browser.ts does: the session cookie then goes with every later Lighthouse run
 * (Lighthouse clears caches and service workers between runs, never cookies).
 */
async function signIn(port: number, baseURL: string) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0];
    if (!context) throw new Error("no default browser context");
    const page = await context.newPage();
    await page.goto(`${baseURL}/connexion`);
    await page.getByRole("button", { name: SIGN_IN_AS }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/connexion"));
    await page.close();
  } finally {
    // Disconnects only: the browser belongs to chrome-launcher.
    await browser.close();
  }
}

async function main() {
  const outDir = path.join(root, ".tmp");
  mkdirSync(outDir, { recursive: true });

  log("base locale migrée et semée (démo)…");
  runNode([wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
  runNode([path.join(root, "scripts", "seed.ts"), "--persist-to", persist]);
  dev = await startWranglerDev(persist);
  log(`application sur ${dev.baseURL}`);

  chrome = await chromeLauncher.launch({
    chromePath: "/usr/bin/chromium",
    chromeFlags: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
    logLevel: "silent",
  });

  const results: { median: PageSummary; runs: PageSummary[] }[] = [];
  let signedIn = false;
  for (const target of PAGES) {
    if (target.signedIn && !signedIn) {
      await signIn(chrome.port, dev.baseURL);
      signedIn = true;
    }
    const url = `${dev.baseURL}${target.path}`;
    const runs: PageSummary[] = [];
    const reports: unknown[] = [];
    for (let i = 1; i <= RUNS; i++) {
      log(`${target.page} : passage ${i}/${RUNS}…`);
      const result = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: [...CATEGORIES],
        locale: "fr",
      });
      if (!result) throw new Error(`${target.page}: Lighthouse returned nothing`);
      const summary = summarise(target.page, url, result.lhr as unknown as LighthouseResult);
      if (new URL(summary.finalUrl).pathname !== target.path)
        throw new Error(`${target.page}: Lighthouse ended on ${summary.finalUrl} (session lost?)`);
      runs.push(summary);
      reports.push(result.lhr);
    }
    const median = medianRun(runs);
    // The full report of the median run (open it in Lighthouse's viewer or read its audits).
    writeFileSync(
      path.join(outDir, `lighthouse-${target.page}.json`),
      JSON.stringify(reports[runs.indexOf(median)]),
    );
    results.push({ median, runs });
  }

  const medians = results.map((r) => r.median);
  const checks = targets(medians);
  console.log(
    `\nLighthouse, profil mobile (${RUNS === 1 ? "un passage" : `médiane de ${RUNS} passages`} par page)\n`,
  );
  console.log(scoresTable(medians));
  console.log("\nObjectifs (issue 10)\n");
  console.log(
    grid(
      ["page", "target", "measured", "limit", ""],
      checks.map((t) => [t.page, t.what, t.measured, t.limit, t.pass ? "✓ pass" : "✗ FAIL"]),
    ),
  );
  const load = loadavg().map((l) => l.toFixed(2));
  const index = medians.map((p) => p.benchmarkIndex ?? "—").join(", ");
  console.log(
    `\nload average ${load.join(" ")}; benchmarkIndex ${index}; rapports complets : .tmp/lighthouse-<page>.json`,
  );
  writeFileSync(
    path.join(outDir, "bench-web-results.json"),
    `${JSON.stringify({ date: new Date().toISOString(), runsPerPage: RUNS, loadavg: load, pages: results, targets: checks }, null, 2)}\n`,
  );
}

try {
  await main();
} finally {
  await cleanUp();
}
