import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type LighthouseResult, medianRun, scoresTable, summarise, targets } from "./bench-web-report.ts";

const web = path.join(import.meta.dirname, "..", "web");

function lhr(performance: number, tbt: number, cls: number, seo = 1): LighthouseResult {
  return {
    finalDisplayedUrl: "http://127.0.0.1:1/connexion",
    categories: {
      performance: { score: performance },
      accessibility: { score: 1 },
      "best-practices": { score: 0.96 },
      seo: { score: seo },
    },
    audits: {
      "largest-contentful-paint": { numericValue: 2100 },
      "total-blocking-time": { numericValue: tbt },
      "cumulative-layout-shift": { numericValue: cls },
    },
  };
}

describe("bench:web's reading of Lighthouse", () => {
  it("summarises a page's scores out of 100 and its metrics", () => {
    const s = summarise("connexion", "http://127.0.0.1:1/connexion", lhr(0.44, 809.4, 0.211, 0.82));
    expect(s).toMatchObject({
      performance: 44,
      accessibility: 100,
      bestPractices: 96,
      seo: 82,
      tbtMs: 809.4,
      cls: 0.211,
    });
    expect(scoresTable([s])).toMatch(/connexion\s+44\s+100\s+96\s+82\s+2\.1\s+809\s+0\.211/);
  });

  it("refuses a run Lighthouse could not complete", () => {
    const failed = { ...lhr(0, 0, 0), runtimeError: { code: "NO_FCP", message: "no paint" } };
    expect(() => summarise("connexion", "u", failed)).toThrow(/NO_FCP/);
  });

  it("keeps the run of median performance", () => {
    const runs = [0.91, 0.52, 0.77].map((p) => summarise("p", "u", lhr(p, 100, 0)));
    expect(medianRun(runs).performance).toBe(77);
    expect(medianRun(runs.slice(0, 2)).performance).toBe(52);
  });

  it("checks issue 10's targets", () => {
    const pass = targets([summarise("p", "u", lhr(0.9, 200, 0.1))]);
    expect(pass.every((t) => t.pass)).toBe(true);
    const fail = targets([summarise("p", "u", lhr(0.89, 201, 0.11, 0.82))]);
    expect(fail.filter((t) => !t.pass).map((t) => t.what)).toEqual(["performance", "CLS", "TBT", "SEO"]);
  });
});

describe("what Lighthouse's SEO audits read", () => {
  it("the app's page has a meta description", () => {
    const html = readFileSync(path.join(web, "index.html"), "utf8");
    const description = html.match(/<meta\s+name="description"\s+content="([^"]+)"/)?.[1];
    expect(description?.length).toBeGreaterThan(50);
  });

  it("robots.txt is plain directives (not the app's HTML) and lets the pages be indexed", () => {
    const robots = readFileSync(path.join(web, "public", "robots.txt"), "utf8");
    const lines = robots.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
    for (const line of lines) expect(line).toMatch(/^(User-agent|Disallow|Allow|Sitemap): \S*$/);
    expect(lines[0]).toBe("User-agent: *");
    expect(lines).not.toContain("Disallow: /");
  });
});
