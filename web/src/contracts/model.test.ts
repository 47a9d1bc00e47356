import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES } from "../../../shared/contracts";
import {
  changedLabel,
  componentsBody,
  FORM_STEPS,
  fileHint,
  fileSize,
  frenchDate,
  percent,
  signatureProgress,
  stepIndex,
  todayInParis,
  toggled,
} from "./model";

describe("contracts page helpers", () => {
  it("write dates, shares and sizes the French way", () => {
    expect(frenchDate("2026-03-12")).toBe("12/03/2026");
    expect(frenchDate(null)).toBe("—");
    expect(percent(0.54937)).toBe("54,9 %");
    expect(percent(0.25)).toBe("25 %");
    expect(fileSize(1536 * 1024)).toBe("1,5 Mo");
    expect(fileSize(2048)).toBe("2 ko");
  });

  it("refuse a file over 10 Mo before sending it, accept exactly 10 Mo", () => {
    expect(fileHint({ name: "contrat.pdf", size: MAX_DOCUMENT_BYTES + 1 })).toMatchObject({ ok: false });
    expect(fileHint({ name: "contrat.pdf", size: MAX_DOCUMENT_BYTES })).toMatchObject({ ok: true });
    expect(fileHint({ name: "vide.pdf", size: 0 }).ok).toBe(false);
    expect(fileHint({ name: "scan.jpg", size: 10 }).message).toMatch(/seul son contenu compte/);
  });

  it("read the step from the address, clamped to the six steps", () => {
    expect(FORM_STEPS).toHaveLength(6);
    expect(stepIndex(null)).toBe(0);
    expect(stepIndex("3")).toBe(2);
    expect(stepIndex("99")).toBe(5);
    expect(stepIndex("deux")).toBe(0);
  });

  it("keep the territory sorted and without duplicates", () => {
    expect(toggled(["62041"], "62004", true)).toEqual(["62004", "62041"]);
    expect(toggled(["62004", "62041"], "62004", true)).toEqual(["62004", "62041"]);
    expect(toggled(["62004", "62041"], "62041", false)).toEqual(["62004"]);
  });

  it("send back only the components that were filled in", () => {
    const base = { label: "l", description: "", builtIn: true };
    expect(
      componentsBody([
        { ...base, key: "training", state: "done", text: "Fait" },
        { ...base, key: "local", state: null, text: "" },
      ]),
    ).toEqual([{ key: "training", state: "done", text: "Fait" }]);
  });

  it("name the history's changed fields in French and count signatures", () => {
    expect(changedLabel(["communes", "endsOn", "other"])).toBe("territoire, fin, other");
    const s = { organisationId: "a", organisationName: "A", organisationKind: "epci" as const, role: "r" };
    expect(
      signatureProgress([
        { ...s, signerName: "x", signerFunction: "y", signedOn: "2026-01-01" },
        { ...s, signerName: null, signerFunction: null, signedOn: null },
      ]),
    ).toEqual({ signed: 1, total: 2, missing: 1 });
  });

  it("take today's date in Paris, not in UTC", () => {
    expect(todayInParis(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
  });
});
