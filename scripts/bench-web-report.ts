// Pure part of `npm run bench:web` (scripts/bench-web.ts): what a Lighthouse report says of one
// page, the run kept among several, and the targets of issue 10 with pass/fail.

/** The few fields of a Lighthouse result (LH.Result) this bench reads. */
export type LighthouseResult = {
  finalDisplayedUrl: string;
  runtimeError?: { code: string; message: string };
  /** Lighthouse's measure of this machine's CPU speed (its throttling assumes a fast desktop). */
  environment?: { benchmarkIndex?: number };
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { numericValue?: number } | undefined>;
};

export type PageSummary = {
  page: string;
  url: string;
  finalUrl: string;
  /** Category scores out of 100 (null when Lighthouse could not score it). */
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  benchmarkIndex: number | null;
};

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

const score = (lhr: LighthouseResult, id: string) => {
  const value = lhr.categories[id]?.score;
  return value === null || value === undefined ? null : Math.round(value * 100);
};
const metric = (lhr: LighthouseResult, id: string) => lhr.audits[id]?.numericValue ?? null;

export function summarise(page: string, url: string, lhr: LighthouseResult): PageSummary {
  if (lhr.runtimeError)
    throw new Error(`${page}: Lighthouse ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  return {
    page,
    url,
    finalUrl: lhr.finalDisplayedUrl,
    performance: score(lhr, "performance"),
    accessibility: score(lhr, "accessibility"),
    bestPractices: score(lhr, "best-practices"),
    seo: score(lhr, "seo"),
    lcpMs: metric(lhr, "largest-contentful-paint"),
    tbtMs: metric(lhr, "total-blocking-time"),
    cls: metric(lhr, "cumulative-layout-shift"),
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
  };
}

/**
 * The run of median performance among several of the same page (Lighthouse's own advice: a
 * single run varies with the machine's load; the median run keeps its metrics together).
 */
export function medianRun(runs: PageSummary[]): PageSummary {
  if (runs.length === 0) throw new Error("no run");
  const sorted = [...runs].sort((a, b) => (a.performance ?? -1) - (b.performance ?? -1));
  return sorted[Math.floor((sorted.length - 1) / 2)] as PageSummary;
}

export type Target = { page: string; what: string; measured: string; limit: string; pass: boolean };

/** Issue 10's targets: performance ≥ 90, CLS ≤ 0.1, TBT ≤ 200 ms, accessibility 100, SEO 100. */
export function targets(pages: PageSummary[]): Target[] {
  return pages.flatMap((p) => {
    const fmt = (v: number | null, digits = 0) => (v === null ? "—" : v.toFixed(digits));
    return [
      {
        page: p.page,
        what: "performance",
        measured: fmt(p.performance),
        limit: "≥ 90",
        pass: (p.performance ?? 0) >= 90,
      },
      {
        page: p.page,
        what: "CLS",
        measured: fmt(p.cls, 3),
        limit: "≤ 0.1",
        pass: p.cls !== null && p.cls <= 0.1,
      },
      {
        page: p.page,
        what: "TBT",
        measured: `${fmt(p.tbtMs)} ms`,
        limit: "≤ 200 ms",
        pass: p.tbtMs !== null && p.tbtMs <= 200,
      },
      {
        page: p.page,
        what: "accessibility",
        measured: fmt(p.accessibility),
        limit: "100",
        pass: p.accessibility === 100,
      },
      { page: p.page, what: "SEO", measured: fmt(p.seo), limit: "100", pass: p.seo === 100 },
    ];
  });
}

export function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function scoresTable(pages: PageSummary[]): string {
  const n = (v: number | null, digits = 0) => (v === null ? "—" : v.toFixed(digits));
  return grid(
    ["page", "perf", "a11y", "best pr.", "SEO", "LCP s", "TBT ms", "CLS"],
    pages.map((p) => [
      p.page,
      n(p.performance),
      n(p.accessibility),
      n(p.bestPractices),
      n(p.seo),
      p.lcpMs === null ? "—" : (p.lcpMs / 1000).toFixed(1),
      n(p.tbtMs),
      n(p.cls, 3),
    ]),
  );
}
