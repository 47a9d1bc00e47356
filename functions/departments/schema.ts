import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Reference data from @etalab/decoupage-administratif; the départements are the tenants. */
export const departments = sqliteTable("departments", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  regionCode: text("region_code").notNull(),
  regionName: text("region_name").notNull(),
  reportDueDays: integer("report_due_days").notNull().default(30),
  /** Days after the quarter during which members may enter values; null: until submission. */
  memberEntryDays: integer("member_entry_days"),
});

export const arrondissements = sqliteTable(
  "arrondissements",
  {
    departmentCode: text("department_code").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.code] })],
);

export const communes = sqliteTable(
  "communes",
  {
    departmentCode: text("department_code").notNull(),
    inseeCode: text("insee_code").notNull(),
    siren: text("siren").notNull(),
    name: text("name").notNull(),
    /** `searchKey(name)` (shared/search.ts), set by every insert and update of the name. */
    searchName: text("search_name").notNull().default(""),
    /** Official population (INSEE, from the reference): the base of contracts' coverage. */
    population: integer("population").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.inseeCode] }), index("communes_siren").on(t.siren)],
);

/** An EPCI may span several départements: one row per département it has member communes in. */
export const epcis = sqliteTable(
  "epcis",
  {
    departmentCode: text("department_code").notNull(),
    siren: text("siren").notNull(),
    name: text("name").notNull(),
    /** `searchKey(name)` (shared/search.ts), set by every insert and update of the name. */
    searchName: text("search_name").notNull().default(""),
    type: text("type").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.siren] })],
);

/** Member communes of an EPCI in a département (a contract carried by an EPCI covers them by default). */
export const epciCommunes = sqliteTable(
  "epci_communes",
  {
    departmentCode: text("department_code").notNull(),
    epciSiren: text("epci_siren").notNull(),
    inseeCode: text("insee_code").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.epciSiren, t.inseeCode] })],
);
