import { describe, expect, it } from "vitest";
import {
  classOf,
  compareCodes,
  formatMetric,
  hasData,
  mapClassOf,
  metricLabel,
  metricsFor,
  metricValue,
  niceTicks,
  sortRows,
} from "../national/model";
import {
  changedIndicators,
  draftOf,
  entryOf,
  errorsByIndicator,
  filterItems,
  formatAnswer,
  groupItems,
  pageEnd,
  parseFrenchNumber,
  parseValue,
  pendingEntries,
  periodLabel,
  progressText,
  quarterPages,
  quartersAround,
  type ReportItem,
  unansweredOf,
} from "./model";
import { reportItem } from "./report-item.fixture";

const item = (over: Partial<ReportItem>): ReportItem =>
  reportItem(over.indicator ?? "N48-1", {
    label: "Téléphones grave danger attribués",
    measureNumber: 48,
    ...over,
  });

describe("numbers typed the French way", () => {
  it("reads a decimal comma, spaces between thousands and a trailing unit", () => {
    expect(parseFrenchNumber("12,5")).toBe(12.5);
    expect(parseFrenchNumber("1 234,5")).toBe(1234.5);
    expect(parseFrenchNumber("1\u202f234")).toBe(1234);
    expect(parseFrenchNumber("1.234,56")).toBe(1234.56);
    expect(parseFrenchNumber("12.5")).toBe(12.5);
    expect(parseFrenchNumber("45 %", "percent")).toBe(45);
    expect(parseFrenchNumber("1 500 €", "euros")).toBe(1500);
    expect(parseFrenchNumber("1\u00a0500,25\u00a0€", "euros")).toBe(1500.25);
    expect(parseFrenchNumber("12 j", "days")).toBe(12);
    expect(parseFrenchNumber("1 234 567", "count")).toBe(1234567);
  });

  it("refuses what is not a non-negative number", () => {
    for (const text of ["", "abc", "-3", "1,2,3", "12a", "1.2.3"]) expect(parseFrenchNumber(text)).toBeNull();
  });

  it("takes spaces only between groups of three digits", () => {
    for (const text of ["12 34", "12 5", "1 23", "1234 567", "1 234 56", "12 ,5", "1 234.5"])
      expect(parseFrenchNumber(text, "count")).toBeNull();
  });

  it("takes only the sign of the indicator's unit", () => {
    expect(parseFrenchNumber("12 %", "count")).toBeNull();
    expect(parseFrenchNumber("12 €", "percent")).toBeNull();
    expect(parseFrenchNumber("12 %", "euros")).toBeNull();
    expect(parseFrenchNumber("12 j", "count")).toBeNull();
    expect(parseValue("count", "12 %")).toMatchObject({ ok: false });
    expect(parseValue("percent", "12 %")).toEqual({ ok: true, value: 12 });
  });

  it("gives a count an example without decimals", () => {
    const count = parseValue("count", "douze");
    expect(count.ok).toBe(false);
    if (!count.ok) expect(count.detail).not.toMatch(/12,5/);
    expect(parseValue("percent", "douze")).toMatchObject({ detail: expect.stringMatching(/12,5/) });
  });

  it("checks the value against the unit", () => {
    expect(parseValue("count", "3")).toEqual({ ok: true, value: 3 });
    expect(parseValue("count", "3,5")).toMatchObject({ ok: false, detail: "Saisissez un nombre entier." });
    expect(parseValue("percent", "101")).toMatchObject({ ok: false });
    expect(parseValue("percent", "99,5")).toEqual({ ok: true, value: 99.5 });
    expect(parseValue("euros", "10,555")).toMatchObject({ ok: false });
    expect(parseValue("yes_no", "true")).toEqual({ ok: true, value: true });
    expect(parseValue("text", "  fait ")).toEqual({ ok: true, value: "fait" });
  });
});

describe("the entry a draft sends", () => {
  it("sends a typed value as a number, and nothing when it did not change", () => {
    const i = item({});
    expect(entryOf(i, { state: "value", text: "1 234", comment: "" })).toEqual({
      kind: "entry",
      entry: { indicator: "N48-1", state: "value", value: 1234, comment: null },
    });
    const saved = item({ state: "value", value: 1234 });
    expect(entryOf(saved, draftOf(saved))).toEqual({ kind: "same" });
  });

  it("keeps « non applicable » apart from zero, and waits for its comment", () => {
    const i = item({});
    expect(entryOf(i, { state: "not_applicable", text: "", comment: " " })).toMatchObject({
      kind: "invalid",
      field: "comment",
    });
    expect(entryOf(i, { state: "not_applicable", text: "", comment: "Pas de dispositif" })).toEqual({
      kind: "entry",
      entry: { indicator: "N48-1", state: "not_applicable", value: null, comment: "Pas de dispositif" },
    });
    expect(entryOf(i, { state: "value", text: "0", comment: "" })).toMatchObject({
      entry: { state: "value", value: 0 },
    });
  });

  it("clears a saved answer whose value was erased, and never sends bad typing", () => {
    const saved = item({ state: "value", value: 4 });
    expect(entryOf(saved, { state: "value", text: "", comment: "" })).toEqual({
      kind: "entry",
      entry: { indicator: "N48-1", state: null, value: null, comment: null },
    });
    expect(entryOf(item({}), { state: "value", text: "douze", comment: "" })).toMatchObject({
      kind: "invalid",
      field: "value",
    });
  });

  it("does not drop a comment silently when the value is erased", () => {
    const saved = item({ state: "value", value: 4, comment: "Chiffre provisoire" });
    expect(entryOf(saved, { state: "value", text: "", comment: "Chiffre provisoire" })).toMatchObject({
      kind: "invalid",
      field: "value",
      detail: expect.stringMatching(/^Saisissez une valeur/),
    });
    expect(entryOf(saved, { state: "value", text: "", comment: "" })).toEqual({
      kind: "entry",
      entry: { indicator: "N48-1", state: null, value: null, comment: null },
    });
  });

  it("keeps the typed value through « non applicable » and back", () => {
    const saved = item({ state: "value", value: 12 });
    const typed = { ...draftOf(saved), state: "not_applicable" as const };
    expect(typed.text).toBe("12");
    expect(entryOf(saved, { ...typed, state: "value" })).toEqual({ kind: "same" });
  });
});

describe("what a save sends, and what a 412 means", () => {
  it("sends valid drafts, drops the ones back to the saved answer and counts the invalid ones", () => {
    const items = [
      item({ indicator: "A" }),
      item({ indicator: "B", state: "value", value: 3 }),
      item({ indicator: "C" }),
      item({ indicator: "D", editable: false }),
    ];
    const out = pendingEntries(
      { A: 2, B: 1, C: 1, D: 1 },
      {
        A: { state: "value", text: "1 234", comment: "" },
        B: { state: "value", text: "3", comment: "" },
        C: { state: "value", text: "12 34", comment: "" },
        D: { state: "value", text: "5", comment: "" },
      },
      items,
      {},
    );
    expect(out.entries).toEqual([{ indicator: "A", state: "value", value: 1234, comment: null }]);
    expect(out.sent).toEqual({ A: 2 });
    expect(out.clean).toEqual({ B: 1 });
    expect(out.invalid).toBe(1);
  });

  it("sees a conflict only on the indicators edited here that someone else changed", () => {
    const base = { A: item({ indicator: "A" }), B: item({ indicator: "B", state: "value", value: 2 }) };
    const othersSavedC = [
      item({ indicator: "A" }),
      item({ indicator: "B", state: "value", value: 2 }),
      item({ indicator: "C", state: "value", value: 9 }),
    ];
    expect(changedIndicators(base, othersSavedC)).toEqual([]);
    const othersSavedB = [item({ indicator: "A" }), item({ indicator: "B", state: "value", value: 5 })];
    expect(changedIndicators(base, othersSavedB)).toEqual(["B"]);
    const commentOnly = [
      item({ indicator: "A", comment: "vu" }),
      item({ indicator: "B", state: "value", value: 2 }),
    ];
    expect(changedIndicators(base, commentOnly)).toEqual(["A"]);
  });
});

describe("the rows shown", () => {
  const items = [
    item({ indicator: "A", editable: true, responsibleOrganisationId: "org-1" }),
    item({ indicator: "B", editable: false, responsibleOrganisationId: "org-2", state: "value", value: 1 }),
    item({ indicator: "C", editable: false, responsibleOrganisationId: null }),
    item({ indicator: "D", editable: false, responsibleOrganisationId: "org-1", state: "value", value: 1 }),
  ];

  it("keeps a member's indicators: editable ones and those of their organisation", () => {
    const shown = filterItems(items, { mine: new Set(["org-1"]), only: null });
    expect(shown.map((i) => i.indicator)).toEqual(["A", "D"]);
  });

  it("keeps a row answered after « sans réponse » was switched on", () => {
    const only = unansweredOf(items, {}, {});
    expect([...only]).toEqual(["A", "C"]);
    const answered = items.map((i) =>
      i.indicator === "A" ? { ...i, state: "value" as const, value: 4 } : i,
    );
    expect(filterItems(answered, { mine: null, only }).map((i) => i.indicator)).toEqual(["A", "C"]);
  });
});

describe("field errors of a refused save", () => {
  it("maps /values/<i>/<field> back to the indicator that was sent at that index", () => {
    const sent = [
      { indicator: "N1-1", state: "value" as const, value: 3, comment: null },
      { indicator: "N48-1", state: "not_applicable" as const, value: null, comment: null },
    ];
    const { byIndicator, other } = errorsByIndicator(
      {
        errors: [
          { pointer: "/values/1/comment", detail: "Expliquez en commentaire…" },
          { pointer: "/values/0/value", detail: "Pas un entier" },
          { pointer: "/other", detail: "Autre" },
        ],
      },
      sent,
    );
    expect(byIndicator).toEqual({
      "N48-1": [{ field: "comment", detail: "Expliquez en commentaire…" }],
      "N1-1": [{ field: "value", detail: "Pas un entier" }],
    });
    expect(other).toEqual(["Autre"]);
  });
});

describe("grouping of the report's indicators", () => {
  it("puts national ones by measure, then local ones by axis and sheet, in numeric order", () => {
    const sections = groupItems(
      [
        item({ indicator: "N48-1", measureNumber: 48 }),
        item({ indicator: "N5-1", measureNumber: 5 }),
        item({
          indicator: "62-2.10-1",
          scope: "local",
          measureNumber: null,
          axisCode: "2",
          axisTitle: "Accueil",
          sheetCode: "2.10",
          sheetTitle: "Stages",
        }),
        item({
          indicator: "62-2.5-1",
          scope: "local",
          measureNumber: null,
          axisCode: "2",
          axisTitle: "Accueil",
          sheetCode: "2.5",
          sheetTitle: "TGD",
        }),
        item({
          indicator: "62-1.1-1",
          scope: "local",
          measureNumber: null,
          axisCode: "1",
          axisTitle: "Éducation",
          sheetCode: "1.1",
          sheetTitle: "PAVAS",
        }),
      ],
      (n) => (n === 48 ? "Téléphones grave danger" : undefined),
    );
    expect(sections.map((s) => s.title)).toEqual([
      "Indicateurs nationaux",
      "Axe 1 — Éducation",
      "Axe 2 — Accueil",
    ]);
    expect(sections[0]?.groups.map((g) => g.title)).toEqual([
      "Mesure 5",
      "Mesure 48 — Téléphones grave danger",
    ]);
    expect(sections[2]?.groups.map((g) => g.title)).toEqual(["Fiche 2.5 — TGD", "Fiche 2.10 — Stages"]);
  });
});

describe("quarters and answers as shown", () => {
  it("lists the quarter in progress and the eight before it", () => {
    const quarters = quartersAround("2026-11-23");
    expect(quarters[0]).toEqual({ period: "2026-Q4", current: true });
    expect(quarters.map((q) => q.period).slice(1, 3)).toEqual(["2026-Q3", "2026-Q2"]);
    expect(quarters).toHaveLength(9);
    expect(periodLabel("2026-Q1")).toBe("1er trimestre 2026");
    expect(periodLabel("2026-Q3")).toBe("3e trimestre 2026");
  });

  it("tells « non applicable », « non disponible » and zero apart", () => {
    expect(formatAnswer("count", "not_applicable", null)).toBe("Non applicable");
    expect(formatAnswer("count", "not_available", null)).toBe("Non disponible");
    expect(formatAnswer("count", "value", 0)).toBe("0");
    expect(formatAnswer("percent", "value", 12.5)).toBe("12,5\u00a0%");
    expect(formatAnswer("count", null, null)).toBe("—");
  });
});

describe("the national page's helpers", () => {
  it("classes completeness as displayed (99.6 % shows 100 % and is complete)", () => {
    expect(classOf(0)).toBe("k0");
    expect(classOf(0.3)).toBe("k1");
    expect(classOf(0.5)).toBe("k2");
    expect(classOf(0.85)).toBe("k3");
    expect(classOf(0.996)).toBe("k4");
    expect(classOf(1)).toBe("k4");
  });

  it("sorts départements by INSEE code or by completeness", () => {
    const row = (departmentCode: string, completeness: number) => ({
      departmentCode,
      departmentName: departmentCode,
      status: "draft" as const,
      started: true,
      completeness,
      dueDate: "2026-10-31",
      submittedAt: null,
      validatedAt: null,
      onTime: null,
    });
    const rows = [row("971", 0.2), row("2B", 1), row("62", 1), row("2A", 0.5), row("21", 0.2)];
    expect(sortRows(rows, "code", "ascending").map((r) => r.departmentCode)).toEqual([
      "2A",
      "2B",
      "21",
      "62",
      "971",
    ]);
    expect(sortRows(rows, "completeness", "descending").map((r) => r.departmentCode)).toEqual([
      "2B",
      "62",
      "2A",
      "21",
      "971",
    ]);
    expect(compareCodes("19", "2A")).toBeLessThan(0);
  });

  it("draws round axis ticks and no bar for a quarter without respondent", () => {
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(87)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
    const point = {
      period: "2026-Q3",
      expected: true,
      count: 0,
      sum: 0,
      mean: null,
      notApplicable: 0,
      notAvailable: 0,
      missing: 101,
    };
    expect(metricValue(point, "sum")).toBeNull();
    expect(metricValue(point, "count")).toBe(0);
  });

  it("sets a report not started apart from one at 0 %, on the map and in the sort", () => {
    const row = (departmentCode: string, started: boolean, completeness: number) => ({
      departmentCode,
      departmentName: departmentCode,
      status: "draft" as const,
      started,
      completeness,
      dueDate: "2026-10-31",
      submittedAt: null,
      validatedAt: null,
      onTime: null,
    });
    expect(mapClassOf(row("01", false, 0.22))).toBe("ns");
    expect(mapClassOf(row("02", true, 0))).toBe("k0");
    const rows = [row("01", false, 0.22), row("02", true, 0), row("03", true, 0.5)];
    expect(sortRows(rows, "completeness", "descending").map((r) => r.departmentCode)).toEqual([
      "03",
      "02",
      "01",
    ]);
  });

  it("averages delays, percentages and yes/no by default, and shows the share of « oui » in %", () => {
    expect(metricsFor("days")[0]).toBe("mean");
    expect(metricsFor("percent")[0]).toBe("mean");
    expect(metricsFor("yes_no")[0]).toBe("mean");
    expect(metricsFor("count")[0]).toBe("sum");
    expect(metricsFor("euros")[0]).toBe("sum");
    expect(metricLabel("mean", "yes_no")).toBe("Part de « oui »");
    expect(formatMetric(0.75, "mean", "yes_no")).toBe("75\u00a0%");
    expect(formatMetric(12.5, "mean", "days")).toBe("12,5\u00a0j");
    expect(formatMetric(3, "count", "yes_no")).toBe("3");
  });

  it("leaves out the quarters where an annual indicator is not asked", () => {
    const q = (period: string, expected: boolean, count: number) => ({
      period,
      expected,
      count,
      sum: count ? 5 : null,
      mean: count ? 5 : null,
      notApplicable: 0,
      notAvailable: 0,
      missing: expected ? 101 - count : 0,
    });
    expect(metricValue(q("2026-Q1", false, 0), "count")).toBeNull();
    expect(hasData([q("2026-Q1", false, 0), q("2025-Q4", true, 0)])).toBe(false);
    expect(hasData([q("2026-Q1", false, 0), q("2025-Q4", true, 3)])).toBe(true);
  });
});

describe("a partner's progress", () => {
  it("says answered of assigned with the French plural", () => {
    expect(progressText(0, 1)).toBe("0 sur 1 indicateur");
    expect(progressText(2, 5)).toBe("2 sur 5 indicateurs");
  });
});

describe("pages of the quarter list", () => {
  it("counts pages of nine quarters back to the first report", () => {
    expect(quarterPages("2026-Q4", null)).toBe(1);
    expect(quarterPages("2026-Q4", "2024-Q4")).toBe(1);
    expect(quarterPages("2026-Q4", "2024-Q3")).toBe(2);
    expect(quarterPages("2026-Q4", "2019-Q2")).toBe(4);
  });

  it("ends each page nine quarters before the previous one", () => {
    expect(pageEnd("2026-Q4", 1)).toBe("2026-Q4");
    expect(pageEnd("2026-Q4", 2)).toBe("2024-Q3");
    expect(pageEnd("2026-Q4", 4)).toBe("2020-Q1");
  });
});
