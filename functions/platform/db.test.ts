import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { department } from "../../test/factories";
import { departments } from "../departments/schema";
import { organisations } from "../organisations/schema";
import { createDb, guardedBatch, StaleWrite, sameTenant, uniqueViolation } from "./db";

describe("guardedBatch", () => {
  it("commits every statement when the conditional update matches", async () => {
    const db = createDb(env.DB);
    await department("62");
    await guardedBatch(
      db,
      db.update(departments).set({ reportDueDays: 31 }).where(sql`code = '62' and report_due_days = 30`),
      [db.update(departments).set({ name: "Pas-de-Calais !" }).where(eq(departments.code, "62"))],
    );
    const [row] = await db.select().from(departments).where(eq(departments.code, "62"));
    expect(row).toMatchObject({ reportDueDays: 31, name: "Pas-de-Calais !" });
  });

  it("writes nothing when the conditional update matches no row (a concurrent writer won)", async () => {
    const db = createDb(env.DB);
    await department("59");
    await expect(
      guardedBatch(
        db,
        db.update(departments).set({ reportDueDays: 99 }).where(sql`code = '59' and report_due_days = 12345`),
        [db.update(departments).set({ name: "changed" }).where(eq(departments.code, "59"))],
      ),
    ).rejects.toBeInstanceOf(StaleWrite);
    const [row] = await db.select().from(departments).where(eq(departments.code, "59"));
    expect(row).toMatchObject({ reportDueDays: 30, name: "Nord" });
    const guards = await db.run(sql`select count(*) as n from write_guards`);
    expect(guards.results).toEqual([{ n: 0 }]);
  });
});

describe("uniqueViolation", () => {
  it("finds SQLite's message however deep the driver nested it, and nothing else", () => {
    const message = "D1_ERROR: UNIQUE constraint failed: memberships.user_id: SQLITE_CONSTRAINT";
    expect(uniqueViolation(new Error(message))).toBe(message);
    expect(
      uniqueViolation(new Error("Failed query", { cause: new Error("wrapped", { cause: { message } }) })),
    ).toBe(message);
    expect(uniqueViolation(new Error("D1_ERROR: NOT NULL constraint failed: users.email"))).toBeNull();
    expect(uniqueViolation("UNIQUE constraint failed")).toBeNull();
  });
});

describe("sameTenant", () => {
  it("joins two tenant rows on their département code, aliases included", () => {
    const db = createDb(env.DB);
    const other = alias(organisations, "other");
    const query = db
      .select({ id: organisations.id })
      .from(organisations)
      .innerJoin(other, sameTenant(other, organisations))
      .toSQL();
    expect(query.sql).toContain(
      'inner join "organisations" "other" on "other"."department_code" = "organisations"."department_code"',
    );
    expect(query.params).toEqual([]);
  });
});
