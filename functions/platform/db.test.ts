import { env } from "cloudflare:workers";
import { desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { department, indicator } from "../../test/factories";
import { users } from "../auth/schema";
import { departments } from "../departments/schema";
import { indicators } from "../indicators/schema";
import { memberships } from "../members/schema";
import { organisations } from "../organisations/schema";
import { reportValues } from "../reports/schema";
import {
  asJsonRows,
  cachedJsonRows,
  createDb,
  fromJsonRows,
  guardedBatch,
  StaleWrite,
  sameTenant,
  uniqueViolation,
} from "./db";

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

describe("asJsonRows", () => {
  it("gives the very rows drizzle maps, keys and order included, JSON columns parsed", async () => {
    const db = createDb(env.DB);
    await department("62");
    await db.insert(indicators).values([indicator("J1"), indicator("J2"), indicator("J3"), indicator("J4")]);
    const at = "2026-10-02T10:00:00.000Z";
    const row = { departmentCode: "62", period: "2026-Q3", state: "value" as const, updatedAt: at };
    await db.insert(reportValues).values([
      { ...row, indicatorCode: "J1", value: 3, comment: '« guillemets » "doubles" et \\ barre' },
      { ...row, indicatorCode: "J2", value: 2.5 },
      { ...row, indicatorCode: "J3", value: "texte accentué" },
      { ...row, indicatorCode: "J4", value: true, state: "value" },
      { ...row, indicatorCode: "J1", period: "2026-Q2", value: null, state: "not_available" },
    ]);
    const query = (code = "62") =>
      db
        .select({
          code: reportValues.indicatorCode,
          period: reportValues.period,
          value: reportValues.value,
          comment: reportValues.comment,
          label: sql<string>`${indicators.label} || '!'`.as("label_shown"),
        })
        .from(reportValues)
        .innerJoin(indicators, eq(indicators.code, reportValues.indicatorCode))
        .where(eq(reportValues.departmentCode, code))
        .orderBy(desc(reportValues.period), desc(reportValues.indicatorCode));
    const mapped = await query();
    const [json] = await db.batch([asJsonRows(db, query())]);
    expect(mapped).toHaveLength(5);
    expect(JSON.stringify(fromJsonRows(json))).toBe(JSON.stringify(mapped));
    expect(fromJsonRows(await asJsonRows(db, query("59")))).toEqual([]);
  });

  it("refuses columns drizzle would map otherwise (booleans, timestamps, mapWith) and unnamed SQL", () => {
    const db = createDb(env.DB);
    expect(() => asJsonRows(db, db.select({ v: memberships.validator }).from(memberships))).toThrow(
      /SQLiteBoolean/,
    );
    expect(() => asJsonRows(db, db.select({ e: users.emailVerified }).from(users))).toThrow(
      /SQLiteTimestamp/,
    );
    expect(() =>
      asJsonRows(db, db.select({ n: sql<number>`count(*)`.mapWith(Number).as("n") }).from(users)),
    ).toThrow(/mapWith/);
    expect(() => asJsonRows(db, db.select({ n: sql<number>`count(*)` }).from(users))).toThrow();
  });
});

describe("cachedJsonRows", () => {
  it("builds the SQL once and binds each call's own arguments, in a batch or awaited alone", async () => {
    const db = createDb(env.DB);
    const south = await department("2A");
    const north = await department("2B");
    let built = 0;
    const byCode = cachedJsonRows((db, code: string, name: string) => {
      built++;
      return db
        .select({ code: departments.code, name: departments.name })
        .from(departments)
        .where(or(eq(departments.code, code), eq(departments.name, name)));
    });
    const [a, b] = await db.batch([byCode(db, "2A", "?"), byCode(db, "2B", south.name)]);
    expect(fromJsonRows(a).map((d) => d.code)).toEqual(["2A"]);
    expect(
      fromJsonRows(b)
        .map((d) => d.code)
        .sort(),
    ).toEqual(["2A", "2B"]);
    expect(fromJsonRows(await byCode(db, "2B", "nope"))).toEqual([north]);
    expect(built).toBe(1);
  });
});
