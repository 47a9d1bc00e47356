import type { Role } from "../../platform/context";
import type { ContractState } from "./contract";

/**
 * Who may do what on a contract, beyond the route's role check ("Who does what" of the issue):
 * members of the carrying collectivity create and edit it; a signatory organisation's members
 * record that organisation's signature; the prefecture sees and comments on every contract of its
 * département and may terminate one; national users read everything and write nothing. A member
 * sees the contracts their organisation carries or signs; any other answers 404, as if missing.
 */
export type ContractActor = { userId: string; roles: readonly Role[]; organisationIds: readonly string[] };

const isMember = (a: ContractActor) => a.roles.includes("member");
const readsAll = (a: ContractActor) => a.roles.includes("prefecture") || a.roles.includes("national");

type Parties = Pick<ContractState, "carrierOrganisationId" | "signatories" | "state">;

export const carries = (a: ContractActor, c: Pick<ContractState, "carrierOrganisationId">) =>
  isMember(a) && a.organisationIds.includes(c.carrierOrganisationId);

export function canSee(a: ContractActor, c: Parties): boolean {
  return (
    readsAll(a) ||
    a.organisationIds.includes(c.carrierOrganisationId) ||
    c.signatories.some((s) => a.organisationIds.includes(s.organisationId))
  );
}

/** A member may start a contract for a commune or EPCI they belong to. */
export const canCreateFor = (a: ContractActor, carrier: { id: string; kind: string }) =>
  isMember(a) &&
  a.organisationIds.includes(carrier.id) &&
  (carrier.kind === "commune" || carrier.kind === "epci");

export function permissions(a: ContractActor, c: Parties) {
  const carrier = carries(a, c);
  const live = c.state !== "terminated";
  return {
    edit: carrier && live,
    amend: carrier && c.state === "signed",
    manageSignatories: carrier && c.state === "draft",
    /** The signatories whose signature the caller records (their own organisations), while a draft. */
    sign:
      c.state === "draft" && (isMember(a) || a.roles.includes("prefecture"))
        ? c.signatories
            .filter((s) => a.organisationIds.includes(s.organisationId))
            .map((s) => s.organisationId)
        : [],
    terminate: a.roles.includes("prefecture") && c.state === "signed",
    comment: carrier || a.roles.includes("prefecture"),
    manageDocuments: carrier,
  };
}
