import {
  type Convention,
  type ConventionStatus,
  conventionPartyLabels,
  conventionStatusLabels,
} from "../../../shared/conventions";

/** What the DSFR stepper shows for a convention: 1 per party, then "signée" as the fourth step. */
export function stepperState(c: Pick<Convention, "status" | "steps">) {
  const stepCount = c.steps.length + 1;
  const signedCount = c.steps.filter((s) => s.state === "signed").length;
  if (c.status === "draft")
    return {
      currentStep: 1,
      stepCount,
      title: "Brouillon : à envoyer pour signature",
      nextTitle: signerTitle(c, 0),
    };
  if (c.status === "awaiting_signatures") {
    const i = c.steps.findIndex((s) => s.state === "current");
    const at = i < 0 ? signedCount : i;
    return {
      currentStep: at + 1,
      stepCount,
      title: signerTitle(c, at),
      nextTitle: at + 1 < c.steps.length ? signerTitle(c, at + 1) : "Convention signée",
    };
  }
  return { currentStep: stepCount, stepCount, title: conventionStatusLabels[c.status], nextTitle: undefined };
}

function signerTitle(c: Pick<Convention, "steps">, index: number) {
  const step = c.steps[index];
  return step ? `Signature : ${conventionPartyLabels[step.party].toLowerCase()} (${step.name})` : "";
}

export const statusSeverity: Record<ConventionStatus, "info" | "success" | "warning" | "error" | "new"> = {
  draft: "new",
  awaiting_signatures: "warning",
  signed: "info",
  completed: "success",
  cancelled: "error",
};

export const frenchDate = (d: string | null) =>
  d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : "";

export const frenchInstant = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("fr-FR", {
        dateStyle: "short",
        timeStyle: "short",
        timeZone: "Europe/Paris",
      }).format(new Date(iso))
    : "";
