import { describe, expect, it } from "vitest";
import {
  checkValue,
  formatValueText,
  parseFrenchNumber,
  parseStateText,
  parseValueText,
  validateEntry,
} from "./units";

const count = { code: "N48-1", unit: "count" as const };

describe("typed values by unit", () => {
  it.each([
    ["count", 0, true],
    ["count", 12, true],
    ["count", 12.5, false],
    ["count", -1, false],
    ["count", "12", false],
    ["count", Number.NaN, false],
    ["count", 1e13, false],
    ["percent", 0, true],
    ["percent", 100, true],
    ["percent", 33.33, true],
    ["percent", 100.01, false],
    ["percent", -0.5, false],
    ["yes_no", true, true],
    ["yes_no", false, true],
    ["yes_no", "oui", false],
    ["yes_no", 1, false],
    ["days", 4.5, true],
    ["days", -2, false],
    ["euros", 1234.56, true],
    ["euros", 0.1 + 0.2, true],
    ["euros", 12.345, false],
    ["euros", -1, false],
    ["text", "Campagne diffusée", true],
    ["text", "   ", false],
    ["text", "x".repeat(2000), true],
    ["text", "x".repeat(2001), false],
    ["text", 3, false],
  ] as const)("%s accepts %j: %s", (unit, value, ok) => {
    expect(checkValue(unit, value).ok).toBe(ok);
  });

  it("explains in French", () => {
    expect(checkValue("count", 12.5)).toEqual({
      ok: false,
      detail: "12.5 n'est pas un nombre entier positif ou nul.",
    });
    expect(checkValue("percent", 120)).toMatchObject({ detail: expect.stringMatching(/entre 0 et 100/) });
  });

  it("trims text values", () => {
    expect(checkValue("text", "  ok  ")).toEqual({ ok: true, value: "ok" });
  });
});

describe("validateEntry", () => {
  it("accepts a value and defaults the state to value", () => {
    expect(validateEntry(count, { value: 3 })).toEqual({
      ok: true,
      value: { state: "value", value: 3, comment: null },
      warnings: [],
    });
  });

  it("keeps zero distinct from not available", () => {
    const zero = validateEntry(count, { state: "value", value: 0 });
    const nd = validateEntry(count, {
      state: "not_available",
      value: null,
      comment: "Données CAF en retard",
    });
    expect(zero.ok && zero.value).toEqual({ state: "value", value: 0, comment: null });
    expect(nd.ok && nd.value).toEqual({
      state: "not_available",
      value: null,
      comment: "Données CAF en retard",
    });
  });

  it("requires a value for state value", () => {
    const r = validateEntry(count, { state: "value", value: null });
    expect(r).toMatchObject({ ok: false, errors: [{ pointer: "/value", code: "value_required" }] });
  });

  it("refuses a value with not_applicable or not_available", () => {
    const r = validateEntry(count, { state: "not_available", value: 4 });
    expect(r).toMatchObject({ ok: false, errors: [{ pointer: "/value", code: "value_must_be_null" }] });
  });

  it("requires a comment for not_applicable and only recommends one for not_available", () => {
    expect(validateEntry(count, { state: "not_applicable", value: null })).toMatchObject({
      ok: false,
      errors: [{ pointer: "/comment", code: "comment_required" }],
    });
    expect(validateEntry(count, { state: "not_available" })).toMatchObject({
      ok: true,
      warnings: [{ pointer: "/comment", code: "comment_recommended" }],
    });
  });

  it("clears an answer with state null and no value", () => {
    expect(validateEntry(count, { state: null, value: null })).toMatchObject({
      ok: true,
      value: { state: null, value: null },
    });
    expect(validateEntry(count, { state: null, value: 2 }).ok).toBe(false);
  });

  it("reports every problem at once", () => {
    const r = validateEntry(count, { state: "value", value: -3, comment: "x".repeat(2001) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.pointer).sort()).toEqual(["/comment", "/value"]);
  });

  it("refuses an unknown state", () => {
    expect(validateEntry(count, { state: "zero", value: 0 })).toMatchObject({
      ok: false,
      errors: [{ pointer: "/state", code: "invalid_state" }],
    });
  });

  it("blank comment becomes null", () => {
    const r = validateEntry(count, { value: 1, comment: "  " });
    expect(r.ok && r.value.comment).toBeNull();
  });
});

describe("French typed-in text", () => {
  it.each([
    ["12", 12],
    ["12,5", 12.5],
    ["12.5", 12.5],
    ["1 234", 1234],
    ["1\u00a0234,50", 1234.5],
    ["1\u202f234", 1234],
    ["1.234.567", 1234567],
    ["1.234,56", 1234.56],
    ["1,234.56", 1234.56],
    [",5", 0.5],
    ["+3", 3],
    ["-3", null],
    ["douze", null],
    ["1,2,3", null],
    ["12.34.5", null],
    ["", null],
    ["1e3", null],
  ] as const)("number %j → %j", (text, n) => {
    expect(parseFrenchNumber(text)).toBe(n);
  });

  it("parses values by unit", () => {
    expect(parseValueText("count", "1 234")).toEqual({ ok: true, value: 1234 });
    expect(parseValueText("percent", "12,5 %")).toEqual({ ok: true, value: 12.5 });
    expect(parseValueText("euros", "1 500,25 €")).toEqual({ ok: true, value: 1500.25 });
    expect(parseValueText("days", "45 jours")).toEqual({ ok: true, value: 45 });
    expect(parseValueText("yes_no", "Oui")).toEqual({ ok: true, value: true });
    expect(parseValueText("yes_no", "NON")).toEqual({ ok: true, value: false });
    expect(parseValueText("text", " Campagne ")).toEqual({ ok: true, value: "Campagne" });
  });

  it("says why a value is wrong, quoting what was typed", () => {
    expect(parseValueText("count", "douze")).toEqual({
      ok: false,
      detail: "« douze » n'est pas un nombre entier positif",
    });
    expect(parseValueText("count", "12,5").ok).toBe(false);
    expect(parseValueText("percent", "120").ok).toBe(false);
    expect(parseValueText("euros", "3,333").ok).toBe(false);
    expect(parseValueText("yes_no", "peut-être")).toEqual({
      ok: false,
      detail: "« peut-être » n'est pas oui ou non",
    });
  });

  it.each([
    ["valeur", "value"],
    ["Value", "value"],
    ["NA", "not_applicable"],
    ["N/A", "not_applicable"],
    ["Non applicable", "not_applicable"],
    ["ND", "not_available"],
    ["n.d.", "not_available"],
    ["non disponible", "not_available"],
    ["", null],
    ["zéro", undefined],
  ] as const)("state %j → %j", (text, state) => {
    expect(parseStateText(text)).toBe(state);
  });

  it("formats values back the way they are typed", () => {
    expect(formatValueText("percent", 12.5)).toBe("12,5");
    expect(formatValueText("yes_no", true)).toBe("oui");
    expect(formatValueText("count", null)).toBe("");
    for (const [unit, v] of [
      ["percent", 12.5],
      ["euros", 1500.25],
      ["count", 1234],
      ["yes_no", false],
    ] as const) {
      expect(parseValueText(unit, formatValueText(unit, v))).toEqual({ ok: true, value: v });
    }
  });
});

describe("figures too large to be real", () => {
  it("says the figure is too large rather than not a whole number", () => {
    const r = checkValue("count", 2_000_000_000_000);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.detail).toMatch(/trop grand/);
  });
});
