import type { ContractStatus } from "../../../shared/contracts";
import { parisDate } from "../../../shared/periods";

/** What is stored about a contract's life: the status follows from it and from a day. */
export type Lifecycle = {
  state: "draft" | "signed" | "terminated";
  signedOn: string | null;
  startsOn: string | null;
  endsOn: string | null;
  terminatedOn: string | null;
};

/**
 * The status of a contract on a day (`YYYY-MM-DD`, a French calendar day: callers pass
 * `parisDate(now)`). A signed contract is in force from its start day to its end day, both
 * included, and expired from the day after its end; with no end day it stays in force. A
 * terminated contract is terminated from its termination day on, and before that day is what its
 * dates made it. Never stored: the same contract is `signed` today and `in_force` tomorrow.
 */
export function statusOn(c: Lifecycle, day: string): ContractStatus {
  if (c.state === "draft") return "draft";
  if (c.state === "terminated" && c.terminatedOn !== null && c.terminatedOn <= day) return "terminated";
  if (c.startsOn === null || c.startsOn > day || (c.signedOn !== null && c.signedOn > day)) return "signed";
  if (c.endsOn !== null && c.endsOn < day) return "expired";
  return "in_force";
}

export const inForceOn = (c: Lifecycle, day: string) => statusOn(c, day) === "in_force";

/** The status at an instant: the day is the French calendar day (Europe/Paris), not the UTC one. */
export const statusAt = (c: Lifecycle, instant: Date) => statusOn(c, parisDate(instant));
