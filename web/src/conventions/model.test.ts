import { describe, expect, it } from "vitest";
import type { Convention } from "../../../shared/conventions";
import { stepperState } from "./model";

const steps = (states: ("signed" | "current" | "waiting")[]): Convention["steps"] =>
  (["sending", "host", "trainee"] as const).map((party, i) => ({
    party,
    name: ["Brigade de Saint-Pol", "France Victimes 62", "Camille Lefèvre"][i] ?? "",
    organisationId: null,
    userId: null,
    state: states[i] ?? "waiting",
    signature: null,
  }));

describe("the convention's stepper", () => {
  it("a draft is at step 1 of 4, the sending organisation next", () => {
    expect(stepperState({ status: "draft", steps: steps([]) })).toMatchObject({
      currentStep: 1,
      stepCount: 4,
      nextTitle: "Signature : structure d'origine (Brigade de Saint-Pol)",
    });
  });

  it("awaiting the host: step 2, the trainee next", () => {
    expect(stepperState({ status: "awaiting_signatures", steps: steps(["signed", "current"]) })).toEqual({
      currentStep: 2,
      stepCount: 4,
      title: "Signature : structure d'accueil (France Victimes 62)",
      nextTitle: "Signature : stagiaire (Camille Lefèvre)",
    });
  });

  it("awaiting the trainee: step 3, then signed; a signed convention is the last step", () => {
    expect(
      stepperState({ status: "awaiting_signatures", steps: steps(["signed", "signed", "current"]) }),
    ).toMatchObject({
      currentStep: 3,
      nextTitle: "Convention signée",
    });
    expect(stepperState({ status: "completed", steps: steps(["signed", "signed", "signed"]) })).toMatchObject(
      {
        currentStep: 4,
        title: "Stage réalisé",
      },
    );
  });
});
