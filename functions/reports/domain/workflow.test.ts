import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors";
import { type Actor, canEdit, denialError, type ReportSnapshot, transition } from "./workflow";

const prefecture: Actor = { roles: ["prefecture"], organisationIds: [] };
const member: Actor = { roles: ["member"], organisationIds: ["org-caf"] };
const national: Actor = { roles: ["national"], organisationIds: [] };
const cafIndicator = { code: "62-2.3-1", responsibleOrganisationId: "org-caf", derived: false };
const otherIndicator = { code: "62-2.5-1", responsibleOrganisationId: "org-ddets", derived: false };
const prefectureOnly = { code: "N48-1", responsibleOrganisationId: null, derived: false };
const derived = { code: "N7-2", responsibleOrganisationId: null, derived: true };

const draft: ReportSnapshot = { period: "2026-Q3", status: "draft" };
const submitted: ReportSnapshot = {
  period: "2026-Q3",
  status: "submitted",
  submittedAt: "2026-10-20T09:00:00.000Z",
};
const validated: ReportSnapshot = {
  ...submitted,
  status: "validated",
  validatedAt: "2026-10-25T14:00:00.000Z",
  validatedByRole: "prefecture",
};
const today = "2026-10-26";
const clock = { today, now: "2026-10-26T10:00:00.000Z" };

describe("who may enter a value", () => {
  it("a member enters their organisation's indicator in a draft", () => {
    expect(canEdit(draft, member, cafIndicator, today)).toEqual({ allowed: true });
  });

  it("a member cannot enter another organisation's indicator, nor a prefecture-only one", () => {
    expect(canEdit(draft, member, otherIndicator, today)).toMatchObject({
      allowed: false,
      code: "not_responsible",
      status: 403,
    });
    expect(canEdit(draft, member, prefectureOnly, today)).toMatchObject({
      allowed: false,
      code: "not_responsible",
    });
  });

  it("the prefecture enters any indicator in a draft and corrects a submitted report", () => {
    expect(canEdit(draft, prefecture, otherIndicator, today)).toEqual({ allowed: true });
    expect(canEdit(submitted, prefecture, cafIndicator, today)).toEqual({ allowed: true });
  });

  it("a member can no longer write once the report is submitted, and is told when", () => {
    expect(canEdit(submitted, member, cafIndicator, today)).toMatchObject({
      allowed: false,
      code: "report_submitted",
      detail: "Le rapport 2026-Q3 a été soumis le 2026-10-20 : seule la préfecture peut encore le corriger.",
    });
  });

  it("nobody writes a validated report; the reason names the date and the role", () => {
    for (const actor of [prefecture, member]) {
      const d = canEdit(validated, actor, cafIndicator, today);
      expect(d).toMatchObject({
        allowed: false,
        code: "report_validated",
        status: 409,
        lock: { reason: "validated", at: "2026-10-25T14:00:00.000Z", byRole: "prefecture" },
      });
      expect(!d.allowed && d.detail).toMatch(/validé le 2026-10-25 par la préfecture/);
    }
  });

  it("a closed entry window stops members from the day after its last day, not the prefecture", () => {
    const windowed: ReportSnapshot = { ...draft, memberEntryUntil: "2026-10-21" };
    expect(canEdit(windowed, member, cafIndicator, "2026-10-21")).toEqual({ allowed: true });
    expect(canEdit(windowed, member, cafIndicator, "2026-10-22")).toMatchObject({
      allowed: false,
      code: "window_closed",
      status: 409,
      lock: { reason: "window_closed", at: "2026-10-22", byRole: "prefecture" },
    });
    expect(canEdit(windowed, prefecture, cafIndicator, "2026-12-01")).toEqual({ allowed: true });
    // No window: a member enters as long as the report is a draft, however late.
    expect(canEdit(draft, member, cafIndicator, "2027-06-01")).toEqual({ allowed: true });
  });

  it("a future quarter refuses values until the day after it ends", () => {
    const q4 = { period: "2026-Q4", status: "draft" } as const;
    expect(canEdit(q4, prefecture, cafIndicator, "2026-12-31")).toMatchObject({
      allowed: false,
      code: "period_not_open",
      detail: "Le trimestre 2026-Q4 n'est pas terminé : saisie possible à partir du 2027-01-01",
    });
    expect(canEdit(q4, prefecture, cafIndicator, "2027-01-01")).toEqual({ allowed: true });
  });

  it("a late report stays open", () => {
    expect(canEdit(draft, member, cafIndicator, "2027-06-01")).toEqual({ allowed: true });
  });

  it("derived indicators are never typed", () => {
    expect(canEdit(draft, prefecture, derived, today)).toMatchObject({
      allowed: false,
      code: "derived_indicator",
    });
  });

  it("national users read but do not write a département's values", () => {
    expect(canEdit(draft, national, prefectureOnly, today)).toMatchObject({
      allowed: false,
      code: "read_only_role",
      status: 403,
    });
  });
});

describe("workflow transitions", () => {
  it("refuses to validate a submitted report whose answers were cleared since, naming them", () => {
    const v = transition(submitted, "validate", prefecture, { ...clock, missing: ["N48-1"] });
    expect(v).toMatchObject({ allowed: false, code: "report_incomplete", status: 422, missing: ["N48-1"] });
  });

  it("draft → submitted → validated → reopened draft → submitted again", () => {
    const s = transition(draft, "submit", prefecture, { ...clock, missing: [] });
    expect(s).toMatchObject({
      allowed: true,
      change: { status: "submitted", submittedAt: clock.now, firstSubmittedAt: clock.now },
    });
    const v = transition(submitted, "validate", prefecture, clock);
    expect(v).toMatchObject({
      allowed: true,
      change: { status: "validated", validatedAt: clock.now, validatedByRole: "prefecture" },
    });
    const r = transition({ ...validated, firstSubmittedAt: submitted.submittedAt }, "reopen", prefecture, {
      ...clock,
      reason: "Correction du nombre de TGD",
    });
    expect(r).toMatchObject({
      allowed: true,
      change: {
        status: "draft",
        submittedAt: null,
        validatedAt: null,
        firstSubmittedAt: "2026-10-20T09:00:00.000Z",
        reopenReason: "Correction du nombre de TGD",
      },
    });
    const again = transition(
      { ...draft, firstSubmittedAt: "2026-10-20T09:00:00.000Z" },
      "submit",
      prefecture,
      { ...clock, now: "2026-12-01T00:00:00.000Z" },
    );
    expect(again).toMatchObject({
      change: { submittedAt: "2026-12-01T00:00:00.000Z", firstSubmittedAt: "2026-10-20T09:00:00.000Z" },
    });
  });

  it("only the prefecture submits, validates or reopens", () => {
    for (const action of ["submit", "validate", "reopen"] as const) {
      for (const actor of [member, national]) {
        expect(transition(submitted, action, actor, { ...clock, reason: "motif valable" })).toMatchObject({
          allowed: false,
          code: "read_only_role",
          status: 403,
        });
      }
    }
  });

  it("validates only a submitted report", () => {
    expect(transition(draft, "validate", prefecture, clock)).toMatchObject({
      allowed: false,
      code: "invalid_transition",
      detail: "Impossible de valider le rapport 2026-Q3 : il est en brouillon. Soumettez-le d'abord.",
    });
    expect(transition(validated, "validate", prefecture, clock)).toMatchObject({
      code: "invalid_transition",
    });
  });

  it("submits only a draft, and only when every expected indicator has an answer", () => {
    expect(transition(submitted, "submit", prefecture, clock)).toMatchObject({ code: "invalid_transition" });
    expect(transition(draft, "submit", prefecture, { ...clock, missing: ["N48-1", "N40-1"] })).toMatchObject({
      allowed: false,
      code: "report_incomplete",
      status: 422,
      missing: ["N48-1", "N40-1"],
    });
  });

  it("reopens only with a reason of 5 characters or more, never a draft", () => {
    expect(transition(validated, "reopen", prefecture, { ...clock, reason: " abc " })).toMatchObject({
      code: "reason_required",
    });
    expect(transition(validated, "reopen", prefecture, clock)).toMatchObject({ code: "reason_required" });
    expect(transition(submitted, "reopen", prefecture, { ...clock, reason: "Erreur" })).toMatchObject({
      allowed: true,
    });
    expect(transition(draft, "reopen", prefecture, { ...clock, reason: "Erreur" })).toMatchObject({
      code: "invalid_transition",
    });
  });

  it("refuses to submit a quarter that has not ended", () => {
    expect(transition({ period: "2026-Q4", status: "draft" }, "submit", prefecture, clock)).toMatchObject({
      code: "period_not_open",
    });
  });
});

describe("denials as problems", () => {
  it("carries the lock and the status", () => {
    const d = canEdit(validated, prefecture, cafIndicator, today);
    if (d.allowed) throw new Error("expected a denial");
    const e = denialError(d, "/values/0");
    expect(e).toBeInstanceOf(AppError);
    expect(e.status).toBe(409);
    expect(e.code).toBe("report_validated");
    expect(e.extra).toMatchObject({ lock: { reason: "validated" } });
    expect(e.errors).toEqual([
      { in: "body", pointer: "/values/0", detail: d.detail, code: "report_validated" },
    ]);
  });
});
