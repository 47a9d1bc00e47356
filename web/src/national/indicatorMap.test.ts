import { describe, expect, it } from "vitest";
import {
  classOfFigure,
  figuresOf,
  modesFor,
  noFigureLabel,
  quantileClasses,
  yesNoClasses,
} from "./indicatorMap";
import type { NationalIndicator } from "./model";

const fmt = (v: number) => String(v);

describe("quantile classes", () => {
  it("splits ten figures into five classes of two, labelled by the figures they hold", () => {
    const classes = quantileClasses([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], fmt);
    expect(classes.map((c) => [c.key, c.label, c.count])).toEqual([
      ["q1", "1 à 2", 2],
      ["q2", "3 à 4", 2],
      ["q3", "5 à 6", 2],
      ["q4", "7 à 8", 2],
      ["q5", "9 à 10", 2],
    ]);
  });

  it("keeps equal figures in one class, so a boundary never splits them", () => {
    const classes = quantileClasses([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], fmt);
    expect(classes[0]).toMatchObject({ label: "0", count: 6 });
    expect(classes.reduce((s, c) => s + c.count, 0)).toBe(10);
    for (const c of classes) expect(classOfFigure(c.min, classes)).toBe(c);
  });

  it("spreads fewer classes over the whole colour scale", () => {
    expect(quantileClasses([1, 1, 2, 2], fmt).map((c) => c.key)).toEqual(["q1", "q5"]);
    expect(quantileClasses([7, 7, 7], fmt).map((c) => [c.key, c.label])).toEqual([["q3", "7"]]);
    expect(quantileClasses([], fmt)).toEqual([]);
  });

  it("puts every figure in exactly one class, and none without a figure", () => {
    const figures = [0.5, 3.25, 3.25, 12, 40, 41, 99, 100, 1000];
    const classes = quantileClasses(figures, fmt);
    for (const f of figures) expect(classes.filter((c) => f >= c.min && f <= c.max)).toHaveLength(1);
    expect(classOfFigure(null, classes)).toBeNull();
  });

  it("gives yes/no answers two classes", () => {
    expect(yesNoClasses([1, 0, 1]).map((c) => [c.label, c.count])).toEqual([
      ["Non", 1],
      ["Oui", 2],
    ]);
  });
});

describe("figures of a quarter", () => {
  const series = (unit: "count" | "yes_no" | "percent"): NationalIndicator => ({
    indicator: { code: "N1", label: "X", unit, measureNumber: 1, derived: false },
    periods: [],
    departments: [
      {
        departmentCode: "59",
        departmentName: "Nord",
        population: 2_000_000,
        values: [{ period: "2026-Q3", state: "value", value: unit === "yes_no" ? true : 50 }],
      },
      {
        departmentCode: "62",
        departmentName: "Pas-de-Calais",
        population: null,
        values: [{ period: "2026-Q3", state: "value", value: unit === "yes_no" ? false : 10 }],
      },
      {
        departmentCode: "75",
        departmentName: "Paris",
        population: 2_100_000,
        values: [{ period: "2026-Q3", state: "not_available", value: null }],
      },
    ],
  });

  it("offers per-capita for counts only", () => {
    expect(modesFor("count")).toEqual(["valeur", "habitants"]);
    expect(modesFor("percent")).toEqual(["valeur"]);
    expect(modesFor("yes_no")).toEqual(["valeur"]);
  });

  it("divides by the official population, per 100 000 inhabitants", () => {
    const f = figuresOf(series("count"), "2026-Q3", "habitants");
    expect(f.map((x) => x.figure)).toEqual([2.5, null, null]);
    expect(noFigureLabel(f[1] as (typeof f)[number], "habitants")).toBe("population inconnue");
    expect(noFigureLabel(f[2] as (typeof f)[number], "habitants")).toBe("non disponible");
    expect(figuresOf(series("count"), "2026-Q3", "valeur").map((x) => x.figure)).toEqual([50, 10, null]);
  });

  it("reads yes as 1 and no as 0, and a quarter not in the series as no answer", () => {
    expect(figuresOf(series("yes_no"), "2026-Q3", "valeur").map((x) => x.figure)).toEqual([1, 0, null]);
    const none = figuresOf(series("count"), "2026-Q2", "valeur");
    expect(none.map((x) => x.figure)).toEqual([null, null, null]);
    expect(noFigureLabel(none[0] as (typeof none)[number], "valeur")).toBe("sans réponse");
  });
});
