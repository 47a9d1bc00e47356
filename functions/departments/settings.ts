import { and, eq, isNull } from "drizzle-orm";
import type { DepartmentSettings } from "../../shared/catalogue";
import { auditEventIfChanged } from "../platform/audit";
import type { Actor } from "../platform/context";
import type { Db } from "../platform/db";
import { conflict, notFound } from "../platform/errors";
import type { Services } from "../platform/services";
import { departments } from "./schema";

const columns = { reportDueDays: departments.reportDueDays, memberEntryDays: departments.memberEntryDays };

async function readSettings(db: Db, departmentCode: string): Promise<DepartmentSettings> {
  const [row] = await db.select(columns).from(departments).where(eq(departments.code, departmentCode));
  if (!row) throw notFound("Ce département n'existe pas.");
  return row;
}

/**
 * Applies the settings given (the others keep their value); audited when something changed. The
 * write is conditional on the values read, so the audit's "before" is always what was replaced: a
 * concurrent change makes it read again and retry.
 */
export async function updateSettings(
  s: Services,
  actor: Actor,
  departmentCode: string,
  patch: Partial<DepartmentSettings>,
): Promise<DepartmentSettings> {
  const { db } = s;
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await readSettings(db, departmentCode);
    const after = { ...before, ...definedOnly(patch) };
    const changed = (Object.keys(after) as (keyof DepartmentSettings)[]).filter(
      (k) => after[k] !== before[k],
    );
    if (changed.length === 0) return before;
    const pick = (s: DepartmentSettings) => Object.fromEntries(changed.map((k) => [k, s[k]]));
    const [update] = await db.batch([
      db
        .update(departments)
        .set(pick(after))
        .where(
          and(
            eq(departments.code, departmentCode),
            eq(departments.reportDueDays, before.reportDueDays),
            before.memberEntryDays === null
              ? isNull(departments.memberEntryDays)
              : eq(departments.memberEntryDays, before.memberEntryDays),
          ),
        ),
      auditEventIfChanged(s, actor, {
        departmentCode,
        action: "department.settings.updated",
        entityType: "department",
        entityId: departmentCode,
        before: pick(before),
        after: pick(after),
      }),
    ]);
    if (update.meta.changes > 0) return after;
  }
  throw conflict("Les réglages ont été modifiés en même temps par quelqu'un d'autre : réessayez.");
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
