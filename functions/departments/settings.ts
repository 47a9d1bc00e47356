import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { DepartmentSettings } from "../../shared/catalogue";
import { auditEventIfChanged } from "../platform/audit";
import type { AppEnv } from "../platform/context";
import { notFound } from "../platform/errors";
import { departments } from "./schema";

const columns = { reportDueDays: departments.reportDueDays, memberEntryDays: departments.memberEntryDays };

async function readSettings(c: Context<AppEnv>, departmentCode: string): Promise<DepartmentSettings> {
  const [row] = await c
    .get("db")
    .select(columns)
    .from(departments)
    .where(eq(departments.code, departmentCode));
  if (!row) throw notFound("Ce département n'existe pas.");
  return row;
}

/** Applies the settings given (the others keep their value); audited when something changed. */
export async function updateSettings(
  c: Context<AppEnv>,
  departmentCode: string,
  patch: Partial<DepartmentSettings>,
): Promise<DepartmentSettings> {
  const before = await readSettings(c, departmentCode);
  const after = { ...before, ...definedOnly(patch) };
  const changed = (Object.keys(after) as (keyof DepartmentSettings)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return before;
  const db = c.get("db");
  const pick = (s: DepartmentSettings) => Object.fromEntries(changed.map((k) => [k, s[k]]));
  await db.batch([
    db.update(departments).set(pick(after)).where(eq(departments.code, departmentCode)),
    auditEventIfChanged(c, {
      departmentCode,
      action: "department.settings.updated",
      entityType: "department",
      entityId: departmentCode,
      before: pick(before),
      after: pick(after),
    }),
  ]);
  return after;
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
