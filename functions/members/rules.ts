import type { MemberRole } from "../../shared/organisation";
import type { Role } from "../platform/context";
import type { FieldError } from "../platform/errors";

/**
 * Who may appoint or revoke whom in a département: the prefecture manages the members of the
 * organisations; only the national level appoints or revokes prefecture users.
 */
export function canManageRole(actorRoles: readonly Role[], target: Role): boolean {
  if (actorRoles.includes("national")) return target === "member" || target === "prefecture";
  if (actorRoles.includes("prefecture")) return target === "member";
  return false;
}

export function forbiddenDetail(target: Role): string {
  return target === "prefecture"
    ? "Seul le niveau national peut désigner ou retirer un utilisateur de la préfecture."
    : "Seule la préfecture ou le niveau national peut gérer les membres.";
}

/** A member works for one organisation of the département; a prefecture user may name one (the prefecture). */
export function organisationRequirement(
  role: MemberRole,
  organisationId: string | undefined,
): FieldError | null {
  if (role === "member" && !organisationId)
    return {
      in: "body",
      pointer: "/organisationId",
      detail: "Un membre doit être rattaché à une organisation du département.",
    };
  return null;
}

export const unknownOrganisation = (): FieldError => ({
  in: "body",
  pointer: "/organisationId",
  detail: "Organisation inconnue dans ce département",
  code: "unknown",
});
