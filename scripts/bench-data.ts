// Scale data set for `npm run bench`, written straight into the local D1 SQLite file with
// node:sqlite while wrangler is NOT running (much faster than `wrangler d1 execute` for ~350k rows).
// Deterministic: a seeded PRNG, so two runs build the same data set.
import { createHash, randomUUID } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { Unit } from "../shared/catalogue.ts";
import { addDays, expectedIn, opensOn, type Periodicity } from "../shared/periods.ts";
import { searchKey } from "../shared/search.ts";

type Value = number | boolean | string;

/** What the bench needs of the catalogue modules (scripts/catalogue/). */
type Catalogue = {
  measures: { number: number; origin: string; text: string; pilot: string }[];
  national: {
    code: string;
    measure: number;
    label: string;
    unit: Unit;
    periodicity: Periodicity;
    derived: string | null;
    responsibleKind: string | null;
    target?: number | null;
  }[];
  axes: { code: string; title: string }[];
  sheets: {
    code: string;
    axis: string;
    title: string;
    pilot: string | null;
    partners: string | null;
    territory: string | null;
    frequency: string | null;
    means: string | null;
  }[];
  local: {
    code: string;
    sheet: string;
    label: string;
    unit: Unit;
    periodicity: Periodicity;
    derived: string | null;
    target: number | null;
  }[];
};

/**
 * The catalogue modules carry only type imports, so Node loads them as they are. Loaded by URL so
 * that the scripts' typecheck does not follow them into the Worker's extension-less imports.
 */
export async function loadCatalogue(): Promise<Catalogue> {
  const dir = new URL("./catalogue/", import.meta.url);
  const [m, n, p] = await Promise.all([
    import(new URL("data/measures.ts", dir).href),
    import(new URL("national-indicators.ts", dir).href),
    import(new URL("data/pas-de-calais.ts", dir).href),
  ]);
  return {
    measures: m.MEASURES,
    national: n.NATIONAL_INDICATORS,
    axes: p.PAS_DE_CALAIS_AXES,
    sheets: p.PAS_DE_CALAIS_SHEETS,
    local: p.PAS_DE_CALAIS_INDICATORS,
  };
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** A value typed by unit; `salt` lets the bench write values that differ from the stored ones. */
export function valueFor(unit: Unit, r: number, salt = 0): Value {
  switch (unit) {
    case "count":
      return Math.floor(r * 500) + salt;
    case "percent":
      return Math.round((r * 1000 + salt * 7) % 1000) / 10;
    case "yes_no":
      return r < 0.5 !== (salt % 2 === 1);
    case "days":
      return Math.floor(r * 90) + salt;
    case "euros":
      return Math.round(r * 10_000_000) / 100 + salt;
    case "text":
      return `Actions menées au trimestre (${Math.floor(r * 1000)}/${salt})`;
  }
}

export type Dataset = {
  periods: string[];
  current: string;
  departments: string[];
  national: { code: string; user: string; token: string };
  prefecture: Map<string, { user: string; token: string }>;
  /** Status of each département's report for the current quarter ("none": never started). */
  currentStatus: Map<string, "draft" | "submitted" | "validated" | "none">;
  counts: Record<string, number>;
  indicators: { nonDerivedNational: string; derivedNational: string | null };
};

const NOW = new Date();
const NOW_ISO = NOW.toISOString();
const EXPIRES = new Date(NOW.getTime() + 7 * 86_400_000).toISOString();

/**
 * Writes: the catalogue (ON CONFLICT DO NOTHING, whether or not the seed already has it), a copy
 * of Pas-de-Calais' plan for every département, two organisations, a prefecture user and token per
 * département and one national, reports + values + one history row per value for every quarter.
 */
export function buildDataset(db: DatabaseSync, catalogue: Catalogue, periods: string[]): Dataset {
  const random = prng(20261123);
  const departments = (
    db.prepare("select code from departments order by code").all() as { code: string }[]
  ).map((d) => d.code);
  if (departments.length === 0) throw new Error("no départements: the reference seed did not run");
  const current = periods[periods.length - 1] as string;
  const previous = periods[periods.length - 2] as string;
  const counts: Record<string, number> = {};
  const add = (table: string, n: number) => {
    counts[table] = (counts[table] ?? 0) + n;
  };
  const run = (
    stmt: ReturnType<DatabaseSync["prepare"]>,
    table: string,
    ...args: (string | number | null)[]
  ) => {
    add(table, Number(stmt.run(...args).changes));
  };

  db.exec("begin");
  try {
    // --- catalogue: national -------------------------------------------------------------
    const insMeasure = db.prepare(
      "insert into measures (number, origin, text, pilot) values (?, ?, ?, ?) on conflict do nothing",
    );
    for (const m of catalogue.measures) run(insMeasure, "measures", m.number, m.origin, m.text, m.pilot);
    const insIndicator = db.prepare(
      `insert into indicators (code, department_code, measure_number, sheet_code, label, unit, periodicity,
         derived_key, target, position, created_at, updated_at, version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) on conflict do nothing`,
    );
    const insRevision = db.prepare(
      `insert into indicator_revisions (indicator_code, version, label, target, changed_at, changed_by)
       values (?, 1, ?, ?, ?, null) on conflict do nothing`,
    );
    const SEEDED = "2021-01-01T00:00:00.000Z";
    catalogue.national.forEach((i, position) => {
      run(
        insIndicator,
        "indicators",
        i.code,
        null,
        i.measure,
        null,
        i.label,
        i.unit,
        i.periodicity,
        i.derived,
        i.target ?? null,
        position,
        SEEDED,
        SEEDED,
      );
      run(insRevision, "indicator_revisions", i.code, i.label, i.target ?? null, SEEDED);
    });

    // --- local plans: Pas-de-Calais' sheets for every département ------------------------
    const insAxis = db.prepare(
      "insert into axes (department_code, code, title) values (?, ?, ?) on conflict do nothing",
    );
    const insSheet = db.prepare(
      `insert into action_sheets (department_code, code, axis_code, title, pilot_organisation_id, pilot,
         partners, territory, frequency, means, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    const insOrg = db.prepare(
      `insert into organisations (department_code, id, kind, name, search_name, siret, rna, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    const insAssign = db.prepare(
      `insert into indicator_assignments (department_code, indicator_code, organisation_id)
       values (?, ?, ?) on conflict do nothing`,
    );
    const localByDept = new Map<string, Catalogue["local"]>();
    const prefOrg = new Map<string, string>();
    departments.forEach((d, k) => {
      const prefecture = randomUUID();
      const association = randomUUID();
      prefOrg.set(d, prefecture);
      const siret = `99${String(k).padStart(3, "0")}0000${String(k).padStart(5, "0")}`.slice(0, 14);
      run(
        insOrg,
        "organisations",
        d,
        prefecture,
        "state_service",
        `Préfecture ${d}`,
        searchKey(`Préfecture ${d}`),
        siret,
        null,
        SEEDED,
        SEEDED,
      );
      run(
        insOrg,
        "organisations",
        d,
        association,
        "association",
        `Aide aux victimes ${d}`,
        searchKey(`Aide aux victimes ${d}`),
        null,
        `W${d.padStart(3, "0")}000001`.slice(0, 10),
        "2023-06-15T00:00:00.000Z",
        "2023-06-15T00:00:00.000Z",
      );
      for (const i of catalogue.national) {
        if (i.derived) continue;
        if (i.responsibleKind === "association")
          run(insAssign, "indicator_assignments", d, i.code, association);
      }
      for (const a of catalogue.axes) run(insAxis, "axes", d, a.code, a.title);
      for (const s of catalogue.sheets) {
        run(
          insSheet,
          "action_sheets",
          d,
          s.code,
          s.axis,
          s.title,
          prefecture,
          s.pilot,
          s.partners,
          s.territory,
          s.frequency,
          s.means,
          SEEDED,
          SEEDED,
        );
      }
      const local = catalogue.local.map((i) => ({
        ...i,
        code: `${d}-${i.code.slice(i.code.indexOf("-") + 1)}`,
      }));
      localByDept.set(d, local);
      local.forEach((i, position) => {
        run(
          insIndicator,
          "indicators",
          i.code,
          d,
          null,
          i.sheet,
          i.label,
          i.unit,
          i.periodicity,
          i.derived,
          i.target,
          position,
          SEEDED,
          SEEDED,
        );
        run(insRevision, "indicator_revisions", i.code, i.label, i.target, SEEDED);
      });
    });

    // --- users, memberships, API tokens -------------------------------------------------
    const insUser = db.prepare("insert into users (id, email, name) values (?, ?, ?)");
    const insMembership = db.prepare(
      `insert into memberships (id, user_id, department_code, organisation_id, role, created_at)
       values (?, ?, ?, ?, ?, ?)`,
    );
    const insToken = db.prepare(
      `insert into api_tokens (id, user_id, membership_id, name, token_hash, prefix, created_at, expires_at, last_used_at)
       values (?, ?, ?, 'bench', ?, ?, ?, ?, ?)`,
    );
    const person = (email: string, dept: string | null, org: string | null, role: string) => {
      const user = randomUUID();
      const membership = randomUUID();
      const token = `mlg_bench_${randomUUID().replaceAll("-", "")}`;
      run(insUser, "users", user, email, email);
      run(insMembership, "memberships", membership, user, dept, org, role, SEEDED);
      // last_used_at = now: reads stay reads (principal.ts refreshes it at most hourly).
      run(
        insToken,
        "api_tokens",
        randomUUID(),
        user,
        membership,
        sha256Hex(token),
        token.slice(0, 8),
        NOW_ISO,
        EXPIRES,
        NOW_ISO,
      );
      return { user, token };
    };
    const nationalUser = person("bench-national@maillage.test", null, null, "national");
    const prefecture = new Map<string, { user: string; token: string }>();
    for (const d of departments) {
      prefecture.set(
        d,
        person(`bench-prefecture-${d.toLowerCase()}@maillage.test`, d, prefOrg.get(d) ?? null, "prefecture"),
      );
    }

    // --- reports, values, history ---------------------------------------------------------
    const insReport = db.prepare(
      `insert into reports (department_code, period, status, version, submitted_at, submitted_by, first_submitted_at,
         validated_at, validated_by, validated_by_role, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    const insValue = db.prepare(
      `insert into report_values (department_code, period, indicator_code, state, value, comment, updated_at, updated_by)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    const insHistory = db.prepare(
      `insert into report_value_history (department_code, id, period, indicator_code, state, value, comment,
         changed_at, changed_by, source, request_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench-seed')`,
    );
    const nationalTyped = catalogue.national.filter((i) => !i.derived);
    const currentStatus = new Map<
      string,
      Dataset["currentStatus"] extends Map<string, infer S> ? S : never
    >();
    const at = (day: string, r: number) =>
      `${day}T${String(8 + Math.floor(r * 10)).padStart(2, "0")}:15:00.000Z`;

    for (const d of departments) {
      const userId = prefecture.get(d)?.user ?? null;
      const expected = [...nationalTyped, ...(localByDept.get(d) ?? [])];
      for (const period of periods) {
        const r = random();
        const status: "draft" | "submitted" | "validated" | "none" =
          period === current
            ? r < 0.3
              ? "validated"
              : r < 0.5
                ? "submitted"
                : r < 0.9
                  ? "draft"
                  : "none"
            : period === previous
              ? r < 0.7
                ? "validated"
                : r < 0.9
                  ? "submitted"
                  : "draft"
              : "validated";
        if (period === current) currentStatus.set(d, status);
        if (status === "none") continue;
        const opens = opensOn(period);
        const complete = status !== "draft";
        // Most reports are on time (due 30 days after opening), some late.
        const submitted = complete
          ? at(addDays(opens, Math.floor(random() * (random() < 0.8 ? 30 : 60))), random())
          : null;
        const validated =
          status === "validated"
            ? at(addDays((submitted as string).slice(0, 10), 1 + Math.floor(random() * 10)), random())
            : null;
        const written = at(addDays(opens, Math.floor(random() * 20)), random());
        run(
          insReport,
          "reports",
          d,
          period,
          status,
          status === "validated" ? 4 : status === "submitted" ? 3 : 2,
          submitted,
          submitted ? userId : null,
          submitted,
          validated,
          validated ? userId : null,
          validated ? "prefecture" : null,
          written,
          validated ?? submitted ?? written,
        );
        const share = complete ? 1 : 0.4 + random() * 0.55;
        for (const i of expected) {
          if (!expectedIn(i.periodicity, period)) continue;
          if (!complete && random() > share) continue;
          const s = random();
          const state = s < 0.03 ? "not_applicable" : s < 0.07 ? "not_available" : "value";
          const value = state === "value" ? JSON.stringify(valueFor(i.unit, random())) : null;
          const comment =
            state === "not_applicable"
              ? "Pas de structure concernée dans le département"
              : state === "not_available"
                ? "Donnée non transmise par le service"
                : random() < 0.1
                  ? "Chiffre provisoire"
                  : null;
          run(insValue, "report_values", d, period, i.code, state, value, comment, written, userId);
          run(
            insHistory,
            "report_value_history",
            d,
            randomUUID(),
            period,
            i.code,
            state,
            value,
            comment,
            written,
            userId,
            "api",
          );
        }
      }
    }
    db.exec("commit");

    const nonDerived = catalogue.national.find((i) => i.code === "N48-1" && !i.derived) ?? nationalTyped[0];
    const derived =
      catalogue.national.find((i) => i.code === "N7-2" && i.derived) ??
      catalogue.national.find((i) => i.derived);
    return {
      periods,
      current,
      departments,
      national: { code: "national", ...nationalUser },
      prefecture,
      currentStatus,
      counts,
      indicators: { nonDerivedNational: nonDerived?.code ?? "N48-1", derivedNational: derived?.code ?? null },
    };
  } catch (error) {
    db.exec("rollback");
    throw error;
  }
}

/** Row counts of the tables the bench reads, as they are in the file. */
export function tableCounts(db: DatabaseSync): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of [
    "departments",
    "communes",
    "organisations",
    "indicators",
    "action_sheets",
    "reports",
    "report_values",
    "report_value_history",
    "users",
    "api_tokens",
  ]) {
    out[t] = Number((db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n);
  }
  return out;
}
