import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const organisations = sqliteTable(
  "organisations",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** `searchKey(name)` (shared/search.ts), set by every insert and update of the name. */
    searchName: text("search_name").notNull().default(""),
    inseeCode: text("insee_code"),
    siren: text("siren"),
    siret: text("siret"),
    rna: text("rna"),
    /** Postal address, as the company register words it or as typed (one line). */
    address: text("address"),
    archivedAt: text("archived_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("organisations_department_search_name").on(t.departmentCode, t.searchName, t.id),
    uniqueIndex("organisations_department_siren").on(t.departmentCode, t.siren).where(sql`siren is not null`),
    uniqueIndex("organisations_department_siret").on(t.departmentCode, t.siret).where(sql`siret is not null`),
    uniqueIndex("organisations_department_rna").on(t.departmentCode, t.rna).where(sql`rna is not null`),
  ],
);
