import type { z } from "zod";
import { addDays, isFuture, opensOn } from "../../../shared/periods";
import type { LockReasonSchema, ReportStatus } from "../../../shared/reports";
import type { Role } from "../../platform/context";
import { AppError } from "../../platform/errors";

/**
 * The quarter report's life: draft → submitted → validated (locked). The prefecture reopens a
 * submitted or validated report to draft with a reason. Pure functions: the routes load the
 * report, ask here, then write the returned fields with a version check.
 *
 * Decisions (see the README):
 * - Members enter the values of their organisation's indicators while the report is a draft.
 * - The prefecture enters any value while draft, and may still correct values while submitted
 *   (it is the one reviewing; a correction before validation needs no reopen).
 * - Only the prefecture submits (it answers for the whole département), and only once every
 *   expected indicator has an answer (a value, "non applicable" or "non disponible").
 * - Only the prefecture validates, from submitted; validating locks the report for everyone.
 * - National users read every report but write none (they consolidate; the département answers).
 * - Derived indicators are computed, never typed. Future quarters refuse everything; a late
 *   report is still open to the prefecture (it is flagged late, not closed).
 * - A département may close its members' entry window N days after the quarter (DHIS2's
 *   "expiry days"): after it, members read only and the prefecture, which answers for the
 *   report, still enters what partners send it late.
 */

export type { ReportStatus };

export type ReportSnapshot = {
  period: string;
  status: ReportStatus;
  submittedAt?: string | null;
  /** Kept across reopenings: the on-time flag is judged on the first submission. */
  firstSubmittedAt?: string | null;
  validatedAt?: string | null;
  /** The role under which the report was validated (always prefecture today, kept for the message). */
  validatedByRole?: Role | null;
  /** Last day members may enter values (`YYYY-MM-DD`); null: until the report is submitted. */
  memberEntryUntil?: string | null;
};

/** The caller in this département: the tenant's roles and the organisations they belong to. */
export type Actor = { roles: readonly Role[]; organisationIds: readonly string[] };

export type IndicatorForEdit = {
  code: string;
  /** Organisation whose members may enter it; null: only the prefecture. */
  responsibleOrganisationId: string | null;
  derived: boolean;
};

export type DenialCode =
  | "period_not_open"
  | "report_validated"
  | "report_submitted"
  | "window_closed"
  | "derived_indicator"
  | "not_responsible"
  | "read_only_role"
  | "invalid_transition"
  | "report_incomplete"
  | "reason_required"
  | "not_validator"
  | "four_eyes";

export type Denial = {
  code: DenialCode;
  detail: string;
  /** The HTTP status the route should answer. */
  status: 403 | 409 | 422;
  /** Machine-readable context for the UI (dates, role, missing indicators). */
  lock?: {
    reason: z.infer<typeof LockReasonSchema>;
    at: string | null;
    byRole?: Role | null;
  };
  missing?: string[];
};

export type Allow = { allowed: true };
export type Decision = Allow | ({ allowed: false } & Denial);

const ALLOW: Allow = { allowed: true };
const deny = (d: Denial): Decision => ({ allowed: false, ...d });

const ROLE_LABELS: Record<Role, string> = {
  prefecture: "la préfecture",
  national: "l'administration centrale",
  member: "un membre",
};

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : "date inconnue");

const isPrefecture = (a: Actor) => a.roles.includes("prefecture");
const isMember = (a: Actor) => a.roles.includes("member");

function futureDenial(period: string): Decision {
  return deny({
    code: "period_not_open",
    status: 409,
    detail: `Le trimestre ${period} n'est pas terminé : saisie possible à partir du ${opensOn(period)}`,
    lock: { reason: "period_not_open", at: opensOn(period) },
  });
}

function validatedDenial(report: ReportSnapshot): Decision {
  const by = ROLE_LABELS[report.validatedByRole ?? "prefecture"];
  return deny({
    code: "report_validated",
    status: 409,
    detail: `Le rapport ${report.period} a été validé le ${day(report.validatedAt)} par ${by} : il est verrouillé. La préfecture peut le rouvrir en indiquant un motif.`,
    lock: {
      reason: "validated",
      at: report.validatedAt ?? null,
      byRole: report.validatedByRole ?? "prefecture",
    },
  });
}

/** True once the members' entry window of this report has passed. */
export function isMemberWindowClosed(report: ReportSnapshot, today: string): boolean {
  return !!report.memberEntryUntil && today > report.memberEntryUntil;
}

function windowClosedDenial(report: ReportSnapshot): Decision {
  const closedOn = addDays(report.memberEntryUntil as string, 1);
  return deny({
    code: "window_closed",
    status: 409,
    detail: `La saisie des organisations pour le rapport ${report.period} est close depuis le ${closedOn} (dernier jour : ${report.memberEntryUntil}) : transmettez vos chiffres à la préfecture, qui peut encore les saisir.`,
    lock: { reason: "window_closed", at: closedOn, byRole: "prefecture" },
  });
}

/** May this actor write this indicator's value in this report today (`YYYY-MM-DD`)? */
export function canEdit(
  report: ReportSnapshot,
  actor: Actor,
  indicator: IndicatorForEdit,
  today: string,
): Decision {
  if (isFuture(report.period, today)) return futureDenial(report.period);
  if (report.status === "validated") return validatedDenial(report);
  if (indicator.derived) {
    return deny({
      code: "derived_indicator",
      status: 409,
      detail: `L'indicateur ${indicator.code} est calculé par Maillage : il ne se saisit pas.`,
    });
  }
  if (isPrefecture(actor)) return ALLOW;
  if (!isMember(actor)) {
    return deny({
      code: "read_only_role",
      status: 403,
      detail: "Votre rôle permet de consulter les rapports, pas de les saisir.",
    });
  }
  if (report.status === "submitted") {
    return deny({
      code: "report_submitted",
      status: 409,
      detail: `Le rapport ${report.period} a été soumis le ${day(report.submittedAt)} : seule la préfecture peut encore le corriger.`,
      lock: { reason: "submitted", at: report.submittedAt ?? null, byRole: "prefecture" },
    });
  }
  if (isMemberWindowClosed(report, today)) return windowClosedDenial(report);
  if (
    !indicator.responsibleOrganisationId ||
    !actor.organisationIds.includes(indicator.responsibleOrganisationId)
  ) {
    return deny({
      code: "not_responsible",
      status: 403,
      detail: `L'indicateur ${indicator.code} est renseigné par une autre organisation que la vôtre.`,
    });
  }
  return ALLOW;
}

export type ReportAction = "submit" | "validate" | "reopen";

export type TransitionInput = {
  /** Today in France, `YYYY-MM-DD`. */
  today: string;
  /** The instant of the change, ISO. */
  now: string;
  /** Reopen only: why (at least 5 characters). */
  reason?: string | null;
  /** Submit only: codes of expected indicators that have no answer yet. */
  missing?: readonly string[];
  /**
   * Validate only (four eyes): the users holding the validator right in the département, who
   * acts, and who submitted. No validator designated: any prefecture user validates.
   */
  validation?: { validators: readonly string[]; actorUserId: string | null; submittedBy: string | null };
};

/** The fields to write when a transition is allowed. */
export type TransitionChange = {
  status: ReportStatus;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  validatedAt: string | null;
  validatedByRole: Role | null;
  reopenedAt?: string;
  reopenReason?: string;
};

export type TransitionResult = { allowed: true; change: TransitionChange } | ({ allowed: false } & Denial);

const MIN_REASON = 5;

const FROM: Record<ReportAction, ReportStatus[]> = {
  submit: ["draft"],
  validate: ["submitted"],
  reopen: ["submitted", "validated"],
};

const ACTION_LABELS: Record<ReportAction, string> = {
  submit: "soumettre",
  validate: "valider",
  reopen: "rouvrir",
};
const STATUS_LABELS: Record<ReportStatus, string> = {
  draft: "en brouillon",
  submitted: "soumis",
  validated: "validé",
};

/** Decides a workflow action; the caller writes `change` conditionally on the version it read. */
export function transition(
  report: ReportSnapshot,
  action: ReportAction,
  actor: Actor,
  input: TransitionInput,
): TransitionResult {
  if (!isPrefecture(actor)) {
    return {
      allowed: false,
      code: "read_only_role",
      status: 403,
      detail: `Seule la préfecture peut ${ACTION_LABELS[action]} le rapport trimestriel.`,
    };
  }
  if (isFuture(report.period, input.today)) return futureDenial(report.period) as TransitionResult;
  if (!FROM[action].includes(report.status)) {
    const hint =
      action === "validate" && report.status === "draft"
        ? " Soumettez-le d'abord."
        : action === "reopen" && report.status === "draft"
          ? " Il est déjà modifiable."
          : "";
    return {
      allowed: false,
      code: "invalid_transition",
      status: 409,
      detail: `Impossible de ${ACTION_LABELS[action]} le rapport ${report.period} : il est ${STATUS_LABELS[report.status]}.${hint}`,
    };
  }
  // The prefecture may clear an answer of a submitted report: validation checks completeness again.
  const missing = input.missing ?? [];
  switch (action) {
    case "submit":
    case "validate": {
      if (missing.length) {
        const list = missing.slice(0, 10).join(", ") + (missing.length > 10 ? "…" : "");
        return {
          allowed: false,
          code: "report_incomplete",
          status: 422,
          detail: `${missing.length} indicateur(s) sans réponse (${list}) : saisissez une valeur ou indiquez « non applicable » ou « non disponible » avant de ${ACTION_LABELS[action]}.`,
          missing: [...missing],
        };
      }
      if (action === "validate") {
        const fourEyes = fourEyesDenial(input.validation);
        if (fourEyes) return fourEyes;
        return {
          allowed: true,
          change: {
            status: "validated",
            submittedAt: report.submittedAt ?? null,
            firstSubmittedAt: report.firstSubmittedAt ?? report.submittedAt ?? null,
            validatedAt: input.now,
            validatedByRole: "prefecture",
          },
        };
      }
      return {
        allowed: true,
        change: {
          status: "submitted",
          submittedAt: input.now,
          firstSubmittedAt: report.firstSubmittedAt ?? input.now,
          validatedAt: null,
          validatedByRole: null,
        },
      };
    }
    case "reopen": {
      const reason = (input.reason ?? "").trim();
      if (reason.length < MIN_REASON) {
        return {
          allowed: false,
          code: "reason_required",
          status: 422,
          detail: `Indiquez le motif de la réouverture (${MIN_REASON} caractères au moins).`,
        };
      }
      // Reopening clears submission and validation: the report must be submitted again.
      return {
        allowed: true,
        change: {
          status: "draft",
          submittedAt: null,
          firstSubmittedAt: report.firstSubmittedAt ?? report.submittedAt ?? null,
          validatedAt: null,
          validatedByRole: null,
          reopenedAt: input.now,
          reopenReason: reason,
        },
      };
    }
  }
}

/**
 * Four eyes: once validators are designated, only they validate; with two or more, the one who
 * submitted cannot validate their own submission (another validator does).
 */
function fourEyesDenial(v: TransitionInput["validation"]): ({ allowed: false } & Denial) | null {
  if (!v || v.validators.length === 0) return null;
  const isValidator = v.actorUserId !== null && v.validators.includes(v.actorUserId);
  if (!isValidator) {
    return {
      allowed: false,
      code: "not_validator",
      status: 403,
      detail:
        "Vous n'avez pas le droit de valider les rapports de ce département : demandez à l'un des valideurs désignés par la préfecture.",
    };
  }
  if (v.validators.length >= 2 && v.submittedBy !== null && v.submittedBy === v.actorUserId) {
    return {
      allowed: false,
      code: "four_eyes",
      status: 409,
      detail:
        "Vous avez soumis ce rapport : un autre valideur doit le valider (principe des quatre yeux, le département compte plusieurs valideurs).",
    };
  }
  return null;
}

/** Turns a denial into the app's problem error (`lock` and `missing` go into the problem body). */
export function denialError(denial: Denial, pointer?: string, where: "body" | "file" = "body"): AppError {
  const extra: Record<string, unknown> = {};
  if (denial.lock) extra.lock = denial.lock;
  if (denial.missing) extra.missing = denial.missing;
  const errors =
    denial.code === "reason_required"
      ? [{ in: "body" as const, pointer: "/reason", detail: denial.detail, code: denial.code }]
      : pointer
        ? [{ in: where, pointer, detail: denial.detail, code: denial.code }]
        : undefined;
  return new AppError(denial.status, denial.code, denial.detail, { extra, errors });
}
