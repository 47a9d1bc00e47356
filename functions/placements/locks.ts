import type { Db } from "../platform/db";

/**
 * What may forbid withdrawing an application, asked by the capabilities built on placements (a
 * signed convention): placements cannot import them (they import placements), so they register
 * here, through app.ts. A lock answers the French reason, or null.
 */
export type WithdrawalLock = (
  db: Db,
  departmentCode: string,
  applicationId: string,
) => Promise<string | null>;

const locks: WithdrawalLock[] = [];

export function registerWithdrawalLock(lock: WithdrawalLock) {
  if (!locks.includes(lock)) locks.push(lock);
}

/** The first reason a registered lock gives, or null. */
export async function withdrawalLock(db: Db, departmentCode: string, applicationId: string) {
  for (const lock of locks) {
    const reason = await lock(db, departmentCode, applicationId);
    if (reason) return reason;
  }
  return null;
}
