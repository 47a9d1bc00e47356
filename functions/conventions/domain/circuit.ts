import {
  CONVENTION_PARTIES,
  type ConventionParty,
  type ConventionStatus,
  conventionPartyLabels,
} from "../../../shared/conventions";
import type { Role } from "../../platform/context";

/**
 * The convention's circuit as pure rules: who sees a convention, whose turn it is to sign, who may
 * sign at each step, and which status each action needs. The service loads the state, asks these
 * rules, then writes conditionally on the version it read (two signers of one step never both win).
 */
export type ConventionActor = { userId: string; roles: readonly Role[]; organisationIds: readonly string[] };

/** What the rules need to know about a convention. */
export type CircuitState = {
  status: ConventionStatus;
  hostOrganisationId: string;
  sendingOrganisationId: string;
  traineeUserId: string;
  /** Parties who signed the current revision, in any order. */
  signed: readonly ConventionParty[];
  startsOn: string;
  endsOn: string;
  /** Parties whose evaluation is recorded. */
  evaluated: readonly ("trainee" | "host")[];
};

export type Refusal =
  | { kind: "forbidden"; detail: string }
  | { kind: "conflict"; code: string; detail: string }
  | { kind: "invalid"; pointer: string; detail: string };
export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const forbidden = (detail: string): Outcome<never> => ({ ok: false, refusal: { kind: "forbidden", detail } });
const conflict = (code: string, detail: string): Outcome<never> => ({
  ok: false,
  refusal: { kind: "conflict", code, detail },
});
const invalid = (pointer: string, detail: string): Outcome<never> => ({
  ok: false,
  refusal: { kind: "invalid", pointer, detail },
});

const isMember = (a: ConventionActor) => a.roles.includes("member");
const readsAll = (a: ConventionActor) => a.roles.includes("prefecture") || a.roles.includes("national");
const isTrainee = (a: ConventionActor, c: Pick<CircuitState, "traineeUserId">) =>
  a.userId === c.traineeUserId;
const memberOf = (a: ConventionActor, organisationId: string) =>
  isMember(a) && a.organisationIds.includes(organisationId);

/** A party's organisation representative: a member of it who is not the trainee. */
const represents = (a: ConventionActor, organisationId: string, c: Pick<CircuitState, "traineeUserId">) =>
  memberOf(a, organisationId) && !isTrainee(a, c);

type Parties = Pick<CircuitState, "hostOrganisationId" | "sendingOrganisationId" | "traineeUserId">;

/** The prefecture and national users see every convention; a member those of their organisations, or their own. */
export const canSee = (a: ConventionActor, c: Parties) =>
  readsAll(a) ||
  isTrainee(a, c) ||
  a.organisationIds.includes(c.hostOrganisationId) ||
  a.organisationIds.includes(c.sendingOrganisationId);

/** The host's or the sending organisation's representatives run the convention. */
export const runs = (a: ConventionActor, c: Parties) =>
  represents(a, c.hostOrganisationId, c) || represents(a, c.sendingOrganisationId, c);

/** The next party to sign, in the circuit's order, or null when all signed. */
export function turnOf(signed: readonly ConventionParty[]): ConventionParty | null {
  return CONVENTION_PARTIES.find((p) => !signed.includes(p)) ?? null;
}

/** Whether the caller may sign for `party` (whatever the turn). */
export function maySignAs(a: ConventionActor, c: Parties, party: ConventionParty): boolean {
  switch (party) {
    case "sending":
      return represents(a, c.sendingOrganisationId, c);
    case "host":
      return represents(a, c.hostOrganisationId, c);
    case "trainee":
      return isTrainee(a, c);
  }
}

const TURN_LABEL: Record<ConventionParty, string> = {
  sending: "un représentant de la structure d'origine (autre que le ou la stagiaire)",
  host: "un représentant de la structure d'accueil (autre que le ou la stagiaire)",
  trainee: "le ou la stagiaire",
};

/**
 * Signing: the convention awaits signatures, the caller signs for the party whose turn it is.
 * Returns the party signed for and the next one (null: the convention is now signed).
 */
export function sign(
  a: ConventionActor,
  c: CircuitState,
): Outcome<{ party: ConventionParty; next: ConventionParty | null }> {
  if (c.status !== "awaiting_signatures")
    return conflict(
      "not_awaiting_signatures",
      c.status === "draft"
        ? "La convention n'a pas encore été envoyée pour signature."
        : "Cette convention n'attend aucune signature.",
    );
  const party = turnOf(c.signed);
  if (!party) return conflict("not_awaiting_signatures", "Toutes les parties ont déjà signé.");
  if (!maySignAs(a, c, party)) {
    const own = CONVENTION_PARTIES.find((p) => maySignAs(a, c, p) && !c.signed.includes(p));
    return own
      ? conflict(
          "not_your_turn",
          `Ce n'est pas encore à la ${conventionPartyLabels[own].toLowerCase()} de signer : la signature attendue est celle de ${TURN_LABEL[party]}.`,
        )
      : forbidden(`La signature attendue est celle de ${TURN_LABEL[party]}.`);
  }
  const signed = [...c.signed, party];
  return ok({ party, next: turnOf(signed) });
}

/** Sending for signature: a draft, by the host's or sending organisation's representatives. */
export function send(a: ConventionActor, c: CircuitState): Outcome<ConventionParty> {
  if (!runs(a, c))
    return forbidden(
      "Seuls les représentants de la structure d'accueil ou d'origine envoient la convention.",
    );
  if (c.status !== "draft") return conflict("not_draft", "La convention a déjà été envoyée pour signature.");
  return ok("sending");
}

/** Recording a convention signed on paper: while it awaits signatures, by a party's representative. */
export function recordOutside(a: ConventionActor, c: CircuitState): Outcome<true> {
  if (!runs(a, c))
    return forbidden(
      "Seuls les représentants de la structure d'accueil ou d'origine enregistrent une convention signée hors de l'application.",
    );
  if (c.status !== "awaiting_signatures" && c.status !== "draft")
    return conflict("not_awaiting_signatures", "Cette convention n'attend aucune signature.");
  return ok(true);
}

/** The host confirms the placement took place: signed, from its first day on. */
export function complete(a: ConventionActor, c: CircuitState, today: string): Outcome<true> {
  if (!represents(a, c.hostOrganisationId, c))
    return forbidden("Seule la structure d'accueil confirme que le stage a eu lieu.");
  if (c.status !== "signed")
    return conflict("not_signed", "Seule une convention signée par les trois parties peut être close.");
  if (today < c.startsOn)
    return conflict(
      "not_started",
      `Le stage commence le ${c.startsOn} : il ne peut pas être confirmé avant.`,
    );
  return ok(true);
}

/** Cancelling, with a reason: before completion, by a party's representative or the prefecture. */
export function cancel(a: ConventionActor, c: CircuitState): Outcome<true> {
  if (!runs(a, c) && !a.roles.includes("prefecture"))
    return forbidden("Seuls les représentants des structures ou la préfecture annulent une convention.");
  if (c.status === "completed" || c.status === "cancelled")
    return conflict("closed", "Cette convention est close : elle ne peut plus être annulée.");
  return ok(true);
}

export type AmendmentChange = {
  startsOn?: string;
  endsOn?: string;
  halfDays?: number;
  interruptedOn?: string;
};

/**
 * An amendment of a signed convention (new dates, duration, or an interruption): the dates it
 * leads to, which go through the same signature circuit again.
 */
export function amend(
  a: ConventionActor,
  c: CircuitState & { halfDays: number },
  change: AmendmentChange,
): Outcome<{ startsOn: string; endsOn: string; halfDays: number; interruptedOn: string | null }> {
  if (!runs(a, c))
    return forbidden("Seuls les représentants de la structure d'accueil ou d'origine proposent un avenant.");
  if (c.status !== "signed")
    return conflict("not_signed", "Un avenant modifie une convention signée par les trois parties.");
  const startsOn = change.startsOn ?? c.startsOn;
  let endsOn = change.endsOn ?? c.endsOn;
  if (endsOn < startsOn) return invalid("/endsOn", "Le dernier jour précède le premier.");
  if (change.interruptedOn) {
    if (change.interruptedOn < startsOn || change.interruptedOn > endsOn)
      return invalid("/interruptedOn", "L'interruption doit tomber pendant le stage.");
    endsOn = change.interruptedOn;
  }
  return {
    ok: true,
    value: {
      startsOn,
      endsOn,
      halfDays: change.halfDays ?? c.halfDays,
      interruptedOn: change.interruptedOn ?? null,
    },
  };
}

/** Evaluating after completion: the trainee for themselves, a host representative for the host; once each. */
export function evaluate(a: ConventionActor, c: CircuitState): Outcome<"trainee" | "host"> {
  const party = isTrainee(a, c) ? "trainee" : represents(a, c.hostOrganisationId, c) ? "host" : null;
  if (!party) return forbidden("Seuls le ou la stagiaire et la structure d'accueil évaluent le stage.");
  if (c.status !== "completed")
    return conflict(
      "not_completed",
      "Le stage s'évalue une fois réalisé (confirmé par la structure d'accueil).",
    );
  if (c.evaluated.includes(party))
    return conflict("already_evaluated", "Cette évaluation est déjà enregistrée.");
  return ok(party);
}

/** What the caller may do now (the UI's buttons). */
export function permissions(a: ConventionActor, c: CircuitState, today: string) {
  const turn = c.status === "awaiting_signatures" ? turnOf(c.signed) : null;
  return {
    send: send(a, c).ok,
    sign: turn !== null && maySignAs(a, c, turn),
    recordOutside: recordOutside(a, c).ok,
    amend: runs(a, c) && c.status === "signed",
    complete: complete(a, c, today).ok,
    cancel: cancel(a, c).ok,
    evaluate: evaluate(a, c).ok,
  };
}
