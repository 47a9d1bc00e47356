import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "../platform/clock";
import type { Actor } from "../platform/context";
import type { Db } from "../platform/db";

/** A membership being removed from a département, at `at`. */
export type RemovedMembership = { id: string; userId: string; departmentCode: string; at: string };

/**
 * What else dies with a membership, asked when one is removed (members/routes.ts). The
 * capabilities built on members (governance's calendar feeds) cannot be imported from here, so
 * they register through app.ts. A cascade answers statements, audit events included, that run in
 * the removal's own batch, after the membership's update: they see it already revoked.
 */
export type MembershipCascade = (
  services: { db: Db; clock: Clock },
  actor: Actor,
  removed: RemovedMembership,
) => Promise<BatchItem<"sqlite">[]>;

const cascades: MembershipCascade[] = [];

export function registerMembershipCascade(cascade: MembershipCascade) {
  if (!cascades.includes(cascade)) cascades.push(cascade);
}

/** Every registered cascade's statements for this removal, in registration order. */
export async function membershipCascades(
  services: { db: Db; clock: Clock },
  actor: Actor,
  removed: RemovedMembership,
): Promise<BatchItem<"sqlite">[]> {
  return (await Promise.all(cascades.map((cascade) => cascade(services, actor, removed)))).flat();
}
