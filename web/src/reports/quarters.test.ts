import { describe, expect, it } from "vitest";
import type { QuarterPart, Report, ReportItem, ReportSummary } from "../../../shared/reports";
import { peopleText, submitText, validateText } from "./confirm";
import { hasAnswers, hasWork, memberDeadline, memberQuarters, ownProgressText } from "./quarters";
import { reportItem } from "./report-item.fixture";
import { byResponsible, PREFECTURE, responsibleFilter, responsibleOptions } from "./responsible";

const part = (assigned: number, answered = 0, name = "France Victimes 62"): QuarterPart => ({
  organisationId: name === "France Victimes 62" ? "asso" : "ville",
  name,
  assigned,
  answered,
  doneAt: null,
});

const summary = (period: string, fields: Partial<ReportSummary> = {}): ReportSummary => ({
  period,
  open: period <= "2026-Q3",
  opensOn: "2026-10-01",
  status: "draft",
  started: false,
  completeness: 0,
  dueDate: "2026-10-31",
  submittedAt: null,
  validatedAt: null,
  onTime: null,
  memberEntryUntil: null,
  ownOrganisations: [part(2)],
  ...fields,
});

describe("a member's list of quarters", () => {
  // 2 December 2026: 2026-Q4 is in progress (not open), 2026-Q3 is being entered.
  const today = "2026-12-02";
  const page = [
    summary("2026-Q4"),
    summary("2026-Q3", { started: true }),
    summary("2026-Q2", { status: "validated", started: true }),
    summary("2026-Q1", { started: true, completeness: 0.5, ownOrganisations: [part(2)] }),
    summary("2025-Q4", { ownOrganisations: [part(0)] }),
    summary("2025-Q3", { status: "submitted", started: true }),
    // Answered by another organisation only: still a draft the member has to finish.
    summary("2025-Q2", { started: true, completeness: 0.1 }),
    // Never started: nobody typed anything (a report row may exist, emptied since).
    summary("2025-Q1"),
    summary("2024-Q4", { started: true, completeness: 0 }),
  ];

  it("puts the quarter being entered first, older drafts apart, and only quarters with work", () => {
    const groups = memberQuarters(page, today);
    expect(groups.entering?.period).toBe("2026-Q3");
    expect(groups.entering?.summary?.period).toBe("2026-Q3");
    // 2026-Q4 is not open (nothing to do yet); 2025-Q4 asks nothing of the organisation; nobody
    // answered anything in 2025-Q1 and 2024-Q4.
    expect(groups.olderDrafts.map((s) => s.period)).toEqual(["2026-Q1", "2025-Q2"]);
    expect(groups.past.map((s) => s.period)).toEqual(["2026-Q2", "2025-Q3"]);
  });

  it("says when the quarter being entered asks nothing of the organisation, and when it is on another page", () => {
    const none = memberQuarters([summary("2026-Q3", { ownOrganisations: [part(0)] })], today);
    expect(none.entering).toEqual({ period: "2026-Q3", summary: null });
    const older = memberQuarters(
      [summary("2024-Q2", { completeness: 0.2 }), summary("2024-Q1", { status: "validated" })],
      today,
    );
    expect(older.entering).toBeNull();
    expect(older.olderDrafts.map((s) => s.period)).toEqual(["2024-Q2"]);
  });

  it("counts as answered a quarter with at least one typed answer, whoever gave it", () => {
    expect(hasAnswers({ completeness: 0.01 })).toBe(true);
    expect(hasAnswers({ completeness: 0 })).toBe(false);
    expect(hasAnswers({ completeness: null })).toBe(false);
  });

  it("has work only in an open quarter where the organisation answers something", () => {
    expect(hasWork(summary("2026-Q3"))).toBe(true);
    expect(hasWork(summary("2026-Q4"))).toBe(false);
    expect(hasWork(summary("2026-Q3", { ownOrganisations: [] }))).toBe(false);
  });

  it("words the organisation's own progress, with French plurals", () => {
    expect(ownProgressText([part(5, 3)])).toBe("3 sur 5 indicateurs renseignés");
    expect(ownProgressText([part(1, 1)])).toBe("1 sur 1 indicateur renseigné");
    expect(ownProgressText([part(2, 1), part(1, 0, "Ville d'Arras"), part(0, 0, "Autre")])).toBe(
      "France Victimes 62 : 1 sur 2 indicateurs ; Ville d'Arras : 0 sur 1 indicateur",
    );
  });

  it("gives the members' last day when the département sets one, else the due date", () => {
    expect(memberDeadline({ memberEntryUntil: "2026-10-21", dueDate: "2026-10-31" })).toBe("2026-10-21");
    expect(memberDeadline({ memberEntryUntil: null, dueDate: "2026-10-31" })).toBe("2026-10-31");
  });
});

const item = (indicator: string, fields: Partial<ReportItem> = {}): ReportItem =>
  reportItem(indicator, { state: "value", value: 1, ...fields });

describe("the « Renseigné par » filter", () => {
  const items = [
    item("N1-1"),
    item("N2-1", { responsibleOrganisationId: "ville", responsibleOrganisationName: "Ville d'Arras" }),
    item("N3-1", { responsibleOrganisationId: "asso", responsibleOrganisationName: "France Victimes 62" }),
    item("N4-1", { responsibleOrganisationId: "asso", responsibleOrganisationName: "France Victimes 62" }),
    item("N5-1", {
      derived: true,
      responsibleOrganisationId: "calc",
      responsibleOrganisationName: "Calculé",
    }),
  ];

  it("offers all, the prefecture, then each organisation with typed indicators, by name", () => {
    expect(responsibleOptions(items)).toEqual([
      { value: "", label: "Toutes" },
      { value: PREFECTURE, label: "La préfecture" },
      { value: "asso", label: "France Victimes 62" },
      { value: "ville", label: "Ville d'Arras" },
    ]);
  });

  it("keeps the rows of the one chosen; computed rows only under « toutes »", () => {
    const codes = (filter: string) => byResponsible(items, filter).map((i) => i.indicator);
    expect(codes("")).toEqual(["N1-1", "N2-1", "N3-1", "N4-1", "N5-1"]);
    expect(codes(PREFECTURE)).toEqual(["N1-1"]);
    expect(codes("asso")).toEqual(["N3-1", "N4-1"]);
  });

  it("ignores an address naming no option (no organisation's rows this quarter)", () => {
    const options = responsibleOptions(items);
    expect(responsibleFilter("asso", options)).toBe("asso");
    expect(responsibleFilter("inconnue", options)).toBe("");
    expect(responsibleFilter(null, options)).toBe("");
  });
});

const report = (fields: Partial<Report> = {}): Report =>
  ({
    departmentCode: "62",
    period: "2026-Q3",
    status: "draft",
    submittedAt: null,
    submittedBy: null,
    validatedAt: null,
    validatedBy: null,
    validators: 0,
    validatorEmails: [],
    items: [
      item("N1-1"),
      item("N2-1", { state: "not_applicable", label: "Bracelets anti-rapprochement" }),
      item("N3-1", { state: "not_available" }),
      item("N4-1", { state: null }),
      item("N5-1", { derived: true }),
    ],
    ...fields,
  }) as Report;

const me = "agent@pas-de-calais.gouv.fr";
const ctx = { departmentName: "Pas-de-Calais", myEmail: me };
const allText = (t: { title: string; what: string; to: string; after: string[] }) =>
  [t.title, t.what, t.to, ...t.after].join(" ");

describe("the submit and validate dialogs", () => {
  it("say what is transmitted: answers of expected, the non-applicable ones, the computed ones", () => {
    const t = submitText(report(), ctx);
    expect(t.title).toBe("Soumettre le rapport du 3e trimestre 2026 ?");
    expect(t.what).toBe(
      "Le rapport du 3e trimestre 2026, Pas-de-Calais (62) : 3 réponses sur 4 indicateurs attendus, dont 1 déclaré « non applicable », 1 déclaré « non disponible », et 1 indicateur calculé par l'application.",
    );
    expect(t.notApplicable).toEqual([{ indicator: "N2-1", label: "Bracelets anti-rapprochement" }]);
    expect(t.confirm).toBe("Soumettre le rapport");
  });

  it("name who validates: any prefecture agent, the one validator, or the others (four eyes)", () => {
    expect(submitText(report(), ctx).to).toMatch(
      /tout agent de la préfecture du département peut le valider/,
    );
    expect(submitText(report({ validatorEmails: ["chef@p.fr"] }), ctx).to).toBe(
      "Il est transmis pour validation au valideur désigné de la préfecture : chef@p.fr.",
    );
    expect(submitText(report({ validatorEmails: [me] }), ctx).to).toMatch(/seul valideur désigné/);
    const three = submitText(report({ validatorEmails: ["a@p.fr", me, "b@p.fr"] }), ctx).to;
    expect(three).toMatch(/aux valideurs désignés de la préfecture : a@p.fr et b@p.fr\./);
    expect(three).toMatch(/un autre valideur devra le valider/);
  });

  it("say what validation adds, and never tell the prefecture to wait for the prefecture", () => {
    const submit = allText(submitText(report(), ctx));
    expect(submit).toMatch(/verrouillée pour tous/);
    expect(submit).toMatch(/les ministères le voient comme validé dans la vue nationale/);
    const validate = validateText(
      report({ status: "submitted", submittedAt: "2026-10-27T10:30:00Z", submittedBy: "x@p.fr" }),
      ctx,
    );
    expect(validate.title).toBe("Valider le rapport du 3e trimestre 2026 ?");
    expect(validate.what).toMatch(/Soumis le 27 octobre 2026 par x@p.fr\.$/);
    expect(allText(validate)).toMatch(/verrouillée pour tous/);
    expect(validate.to).toMatch(/ministères le voient comme validé/);
    expect(validate.blocked).toBeNull();
    for (const text of [submit, allText(validate)]) {
      expect(text).not.toMatch(/attend\w* (la )?validation de la préfecture/);
      expect(text).not.toMatch(/\(s\)|\(e\)/);
    }
  });

  it("block the validation of a non-validator, and of the submitter when there are two validators", () => {
    const submitted = { status: "submitted" as const, submittedAt: "2026-10-27T10:30:00Z", submittedBy: me };
    expect(validateText(report({ ...submitted, validatorEmails: ["a@p.fr"] }), ctx).blocked).toBe(
      "Seuls les valideurs désignés peuvent valider ce rapport : a@p.fr.",
    );
    expect(validateText(report({ ...submitted, validatorEmails: ["a@p.fr", me] }), ctx).blocked).toMatch(
      /Vous avez soumis ce rapport : un autre valideur doit le valider .* a@p.fr\./,
    );
    expect(validateText(report({ ...submitted, validatorEmails: [me] }), ctx).blocked).toBeNull();
    expect(validateText(report(submitted), ctx).what).toMatch(/Soumis le 27 octobre 2026 par vous\.$/);
  });

  it("say on the report page who submitted and validated, and when", () => {
    expect(peopleText(report())).toBe("");
    expect(
      peopleText(report({ status: "submitted", submittedAt: "2026-10-27T10:30:00Z", submittedBy: "x@p.fr" })),
    ).toBe("Soumis le 27 octobre 2026 par x@p.fr");
    expect(
      peopleText(
        report({
          status: "validated",
          submittedAt: "2026-10-27T10:30:00Z",
          submittedBy: "x@p.fr",
          validatedAt: "2026-11-01T08:00:00Z",
          validatedBy: "y@p.fr",
        }),
      ),
    ).toBe("Soumis le 27 octobre 2026 par x@p.fr · validé le 1er novembre 2026 par y@p.fr");
  });
});
