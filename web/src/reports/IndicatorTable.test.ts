import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IndicatorTable, useProgressiveRows } from "./IndicatorTable";
import { draftOf, type ItemGroup, type ReportItem } from "./model";
import { reportItem } from "./report-item.fixture";

const item = (indicator: string): ReportItem => reportItem(indicator);

// Three groups of ten rows: N1-1…N1-10, N2-1…N2-10, N3-1…N3-10.
const groups: ItemGroup[] = [1, 2, 3].map((g) => ({
  key: `mesure-${g}`,
  title: `Mesure ${g}`,
  items: Array.from({ length: 10 }, (_, i) => item(`N${g}-${i + 1}`)),
}));
const drafts = Object.fromEntries(groups.flatMap((g) => g.items).map((i) => [i.indicator, draftOf(i)]));

const table = (limit?: number) =>
  renderToStaticMarkup(
    createElement(IndicatorTable, {
      caption: "Indicateurs",
      groups,
      period: "T3 2026",
      previousLabel: "Trimestre précédent",
      drafts,
      dirty: {},
      errors: {},
      conflicts: {},
      organisationNames: new Map(),
      myEmail: "agent@example.fr",
      onChange: () => {},
      onBlur: () => {},
      onHistory: () => {},
      limit,
    }),
  );
const rows = (html: string) => html.match(/<tr class="app-report__row">/g)?.length ?? 0;

describe("the entry table, rendered progressively", () => {
  it("renders only the rows within its limit, and no header of a group not reached yet", () => {
    const html = table(15);
    expect(rows(html)).toBe(15);
    expect(html).toContain('id="mesure-2"');
    expect(html).toContain("N2-5<");
    expect(html).not.toContain("N2-6<");
    expect(html).not.toContain('id="mesure-3"');
  });

  it("renders every row without a limit", () => {
    const html = table();
    expect(rows(html)).toBe(30);
    expect(html).toContain("N3-10<");
  });

  it("starts with the first rows, or all of them when a filter, a search or a link targets them", () => {
    const Probe = ({ total, everything }: { total: number; everything: boolean }) =>
      String(useProgressiveRows(total, everything));
    const first = (total: number, everything: boolean) =>
      renderToStaticMarkup(createElement(Probe, { total, everything }));
    expect(first(62, false)).toBe("4");
    expect(first(62, true)).toBe("Infinity");
    expect(first(4, false)).toBe("Infinity");
    expect(first(5, false)).toBe("4");
  });
});
