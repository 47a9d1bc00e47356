// Builds the seed SQL of the indicator catalogue: the 53 measures, the national indicators and the
// Pas-de-Calais plan (axes, action sheets, local indicators); and, for the demo, who answers what
// in 62 and 59 and a few quarters of report values. Every statement is an upsert keyed on a
// natural or deterministic key, so running it twice changes nothing; nothing is ever deleted.
import { createHash } from "node:crypto";

// The catalogue data modules are written for the Worker (extensionless type imports), which
// tsc's nodenext mode refuses; Node runs them as they are (type imports are erased). They are
// loaded by URL so that this script's type check does not pull them in: their shapes are below.
type Measure = { number: number; origin: string; text: string; pilot: string };
type NationalIndicator = {
  code: string;
  measure: number;
  label: string;
  unit: string;
  periodicity: "quarterly" | "annual";
  derived: string | null;
  responsibleKind: string | null;
  target?: number | null;
};
type Axis = { departmentCode: string; code: string; title: string };
type Sheet = {
  departmentCode: string;
  code: string;
  axis: string;
  title: string;
  pilot: string | null;
  partners: string | null;
  territory: string | null;
  frequency: string | null;
  means: string | null;
};
type LocalIndicator = {
  code: string;
  departmentCode: string;
  sheet: string;
  label: string;
  unit: string;
  periodicity: "quarterly" | "annual";
  derived: string | null;
  target: number | null;
};
const catalogueDir = new URL("./catalogue/", import.meta.url);
const load = (path: string) => import(new URL(path, catalogueDir).href);
const { MEASURES } = (await load("data/measures.ts")) as { MEASURES: Measure[] };
const { PAS_DE_CALAIS_AXES, PAS_DE_CALAIS_INDICATORS, PAS_DE_CALAIS_SHEETS } = (await load(
  "data/pas-de-calais.ts",
)) as {
  PAS_DE_CALAIS_AXES: Axis[];
  PAS_DE_CALAIS_INDICATORS: LocalIndicator[];
  PAS_DE_CALAIS_SHEETS: Sheet[];
};
const { NATIONAL_INDICATORS } = (await load("national-indicators.ts")) as {
  NATIONAL_INDICATORS: NationalIndicator[];
};

import { type DemoOrg, demoOrganisations, q, SEEDED_AT, upsert } from "./seed-data.ts";

type Cell = string | number | null;
const ROWS = 100;
const row = (cells: Cell[]) => `(${cells.map(q).join(",")})`;
const chunks = <T>(rows: T[], size = ROWS) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

type SeedIndicator = {
  code: string;
  departmentCode: string | null;
  measureNumber: number | null;
  sheetCode: string | null;
  label: string;
  unit: string;
  periodicity: "quarterly" | "annual";
  derivedKey: string | null;
  target: number | null;
  position: number;
};

const INDICATOR_COLUMNS = [
  "code",
  "department_code",
  "measure_number",
  "sheet_code",
  "label",
  "unit",
  "periodicity",
  "derived_key",
  "target",
  "position",
  "created_at",
  "updated_at",
  "version",
];
/** What the seed owns on an indicator: its place in the catalogue. Label, unit, periodicity and target are
 * managed in the app once the row exists (with revisions), so a rerun never overwrites them. */
const SEED_OWNED = ["department_code", "measure_number", "sheet_code", "derived_key", "position"];

/**
 * Upserts indicators. A code that has revisions but no row was deleted in the app: it is not
 * brought back. (Revisions are kept on delete precisely so that a code is never reused.)
 */
function indicatorStatements(list: SeedIndicator[]): string[] {
  const out: string[] = [];
  const cols = INDICATOR_COLUMNS.map((_, i) => `column${i + 1}`).join(", ");
  for (const part of chunks(list)) {
    const values = part
      .map((i) =>
        row([
          i.code,
          i.departmentCode,
          i.measureNumber,
          i.sheetCode,
          i.label,
          i.unit,
          i.periodicity,
          i.derivedKey,
          i.target,
          i.position,
          SEEDED_AT,
          SEEDED_AT,
          1,
        ]),
      )
      .join(",\n");
    out.push(
      `insert into indicators (${INDICATOR_COLUMNS.join(", ")})
select ${cols} from (values\n${values})
where column1 in (select code from indicators) or column1 not in (select indicator_code from indicator_revisions)
on conflict (code) do update set ${SEED_OWNED.map((c) => `${c} = excluded.${c}`).join(", ")}
where ${SEED_OWNED.map((c) => `indicators.${c} is not excluded.${c}`).join(" or ")};`,
    );
  }
  return out;
}

export const seedIndicators = (): SeedIndicator[] => [
  ...NATIONAL_INDICATORS.map((i) => ({
    code: i.code,
    departmentCode: null,
    measureNumber: i.measure,
    sheetCode: null,
    label: i.label,
    unit: i.unit,
    periodicity: i.periodicity,
    derivedKey: i.derived,
    target: i.target ?? null,
    position: Number(i.code.split("-")[1]),
  })),
  ...PAS_DE_CALAIS_INDICATORS.map((i) => ({
    code: i.code,
    departmentCode: i.departmentCode,
    measureNumber: null,
    sheetCode: i.sheet,
    label: i.label,
    unit: i.unit,
    periodicity: i.periodicity,
    derivedKey: i.derived,
    target: i.target,
    position: Number(i.code.split("-").at(-1)),
  })),
];

/** The reference catalogue (also seeded with --no-demo). */
export function catalogueStatements() {
  const indicators = seedIndicators();
  const statements = [
    ...upsert(
      "measures",
      ["number", "origin", "text", "pilot"],
      ["number"],
      MEASURES.map((m) => [m.number, m.origin, m.text, m.pilot]),
    ),
    // Axes and sheets are the prefecture's once seeded: inserted if absent, never overwritten.
    `insert into axes (department_code, code, title) values\n${PAS_DE_CALAIS_AXES.map((a) =>
      row([a.departmentCode, a.code, a.title]),
    ).join(",\n")}\non conflict do nothing;`,
    ...chunks(PAS_DE_CALAIS_SHEETS, 50).map(
      (part) =>
        `insert into action_sheets (department_code, code, axis_code, title, pilot, partners, territory, frequency, means, created_at, updated_at) values\n${part
          .map((s) =>
            row([
              s.departmentCode,
              s.code,
              s.axis,
              s.title,
              s.pilot,
              s.partners,
              s.territory,
              s.frequency,
              s.means,
              SEEDED_AT,
              SEEDED_AT,
            ]),
          )
          .join(",\n")}\non conflict do nothing;`,
    ),
    ...indicatorStatements(indicators),
    // The first revision of every indicator still at version 1 (its label as created).
    `insert into indicator_revisions (indicator_code, version, label, target, changed_at, changed_by)
select code, 1, label, target, created_at, null from indicators where version = 1
on conflict do nothing;`,
  ];
  return {
    statements,
    counts: {
      measures: MEASURES.length,
      national: NATIONAL_INDICATORS.length,
      axes: PAS_DE_CALAIS_AXES.length,
      sheets: PAS_DE_CALAIS_SHEETS.length,
      local: PAS_DE_CALAIS_INDICATORS.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Demo

/** The organisation's id, found by its natural key (it may predate the seed with another id). */
const orgIdExpr = (org: DemoOrg) =>
  `(select id from organisations where department_code = ${q(org.dept)} and ${
    org.siren ? `siren = ${q(org.siren)}` : org.rna ? `rna = ${q(org.rna)}` : `siret = ${q(org.siret ?? "")}`
  })`;
const userIdExpr = (email: string) => `(select id from users where email = ${q(email)})`;
const orgNamed = (dept: string, name: string) => {
  const org = demoOrganisations.find((o) => o.dept === dept && o.name === name);
  if (!org) throw new Error(`no demo organisation ${name} in ${dept}`);
  return org;
};

/** The demo organisation that answers an indicator of this kind, if any (the prefecture's own office answers by default). */
function answererOf(dept: string, kind: string | null): DemoOrg | undefined {
  if (!kind) return undefined;
  return demoOrganisations.find(
    (o) => o.dept === dept && o.kind === kind && !o.name.startsWith("Préfecture"),
  );
}

/** Demo sheets of 62 given a pilot organisation, so the demo members have something to enter. */
const SHEET_PILOTS: [sheet: string, organisation: string][] = [
  ["2.2", "Groupement de gendarmerie départementale du Pas-de-Calais"],
  ["2.3", "CAF du Pas-de-Calais"],
  ["2.4", "CIDFF du Pas-de-Calais"],
  ["2.5", "France Victimes 62"],
  ["2.11", "Communauté urbaine d'Arras"],
  ["2.13", "Centre hospitalier d'Arras"],
  ["3.1", "Parquet du tribunal judiciaire d'Arras"],
  ["4.4", "Communauté urbaine d'Arras"],
];
/** Quarterly local indicators of 62 handed to the CU d'Arras (relays of information on its territory). */
const LOCAL_ASSIGNMENTS: [indicator: string, organisation: string][] = [
  ["62-1.3-1", "Communauté urbaine d'Arras"],
  ["62-1.3-2", "Communauté urbaine d'Arras"],
];
/** Which demo user enters what an organisation answers (others: the prefecture). */
const MEMBER_OF: Record<string, string> = {
  "Communauté urbaine d'Arras": "collectivite-62@maillage.test",
  "France Victimes 62": "association-62@maillage.test",
};

const hash = (text: string) => createHash("sha256").update(text).digest();
const hashInt = (text: string) => hash(text).readUInt32BE(0);
/** A UUID-shaped id derived from a name: the same on every run. */
function seedId(name: string): string {
  const h = hash(name).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Value = number | boolean | string;

/** A plausible figure, stable per indicator and département, varying a little per quarter. */
function demoValue(unit: string, code: string, dept: string, period: string): Value {
  const base = hashInt(`${code}|${dept}`);
  const wobble = hashInt(`${code}|${dept}|${period}`);
  switch (unit) {
    case "count":
      return (base % 40) + (wobble % 9);
    case "percent":
      return 40 + ((base + wobble) % 60);
    case "yes_no":
      return base % 4 !== 0;
    case "days":
      return 5 + (base % 30) + (wobble % 5);
    case "euros":
      return ((base % 400) + (wobble % 50)) * 100;
    default:
      return "Actions menées comme prévu ; bilan présenté en comité de pilotage.";
  }
}

type DemoReport = {
  dept: string;
  period: string;
  status: "draft" | "submitted" | "validated";
  version: number;
  /** When values were typed in (also the report's creation). */
  enteredAt: string;
  submittedAt?: string;
  validatedAt?: string;
  /** Share of expected indicators answered. */
  filled: "all" | "half";
};

const DEMO_REPORTS: DemoReport[] = [
  {
    dept: "62",
    period: "2026-Q1",
    status: "validated",
    version: 3,
    enteredAt: "2026-04-14T08:30:00.000Z",
    submittedAt: "2026-04-24T13:00:00.000Z",
    validatedAt: "2026-04-28T09:15:00.000Z",
    filled: "all",
  },
  {
    dept: "62",
    period: "2026-Q2",
    status: "validated",
    version: 3,
    enteredAt: "2026-07-09T08:30:00.000Z",
    submittedAt: "2026-07-22T14:00:00.000Z",
    validatedAt: "2026-07-27T10:00:00.000Z",
    filled: "all",
  },
  {
    dept: "62",
    period: "2026-Q3",
    status: "draft",
    version: 1,
    enteredAt: "2026-10-12T08:30:00.000Z",
    filled: "half",
  },
  {
    dept: "59",
    period: "2026-Q1",
    status: "validated",
    version: 3,
    enteredAt: "2026-04-27T08:30:00.000Z",
    submittedAt: "2026-05-05T15:30:00.000Z",
    validatedAt: "2026-05-07T09:00:00.000Z",
    filled: "all",
  },
  {
    dept: "59",
    period: "2026-Q2",
    status: "validated",
    version: 3,
    enteredAt: "2026-07-16T08:30:00.000Z",
    submittedAt: "2026-07-29T11:00:00.000Z",
    validatedAt: "2026-08-03T16:00:00.000Z",
    filled: "all",
  },
  {
    dept: "59",
    period: "2026-Q3",
    status: "submitted",
    version: 2,
    enteredAt: "2026-10-19T08:30:00.000Z",
    submittedAt: "2026-10-27T10:30:00.000Z",
    filled: "all",
  },
];

/**
 * A few more départements with validated reports for 2026-Q2 and Q3, so the national map of an
 * indicator has figures to class (their prefectures have no demo user: submitted_by stays null).
 */
const MAP_DEMO_DEPARTMENTS = ["02", "13", "14", "29", "31", "33", "35", "44", "67", "69", "76", "80", "974"];
for (const dept of MAP_DEMO_DEPARTMENTS)
  for (const [period, month] of [
    ["2026-Q2", "07"],
    ["2026-Q3", "10"],
  ] as const)
    DEMO_REPORTS.push({
      dept,
      period,
      status: "validated",
      version: 3,
      enteredAt: `2026-${month}-08T08:30:00.000Z`,
      submittedAt: `2026-${month}-20T10:00:00.000Z`,
      validatedAt: `2026-${month}-24T10:00:00.000Z`,
      filled: "all",
    });

const prefectureEmail = (dept: string) => `prefecture-${dept}@maillage.test`;

export function demoCatalogueStatements(): { statements: string[]; values: number } {
  const indicators = seedIndicators();
  const statements: string[] = [];

  // Who answers national indicators in 62 and 59 (by the kind of organisation that holds the figure),
  // plus a few local ones. An assignment the prefecture has ever changed is left to it.
  const assignments: { dept: string; code: string; org: DemoOrg }[] = [];
  for (const dept of ["62", "59"])
    for (const i of NATIONAL_INDICATORS) {
      const org = i.derived ? undefined : answererOf(dept, i.responsibleKind);
      if (org) assignments.push({ dept, code: i.code, org });
    }
  for (const [code, name] of LOCAL_ASSIGNMENTS)
    assignments.push({ dept: "62", code, org: orgNamed("62", name) });
  for (const a of assignments)
    statements.push(
      `insert into indicator_assignments (department_code, indicator_code, organisation_id)
select ${q(a.dept)}, code, ${orgIdExpr(a.org)} from indicators
where code = ${q(a.code)} and ${orgIdExpr(a.org)} is not null and not exists (
  select 1 from audit_events where department_code = ${q(a.dept)} and entity_id = ${q(a.code)} and action = 'indicator.assigned')
on conflict do nothing;`,
    );

  // Pilots of a few 62 sheets, only where none is set and the prefecture never edited the sheet.
  for (const [sheet, name] of SHEET_PILOTS)
    statements.push(
      `update action_sheets set pilot_organisation_id = ${orgIdExpr(orgNamed("62", name))}
where department_code = '62' and code = ${q(sheet)} and pilot_organisation_id is null and not exists (
  select 1 from audit_events where department_code = '62' and entity_type = 'action_sheet' and entity_id = ${q(sheet)});`,
    );

  // Reports and their values. A report that exists already (made in the app) is left alone, and
  // values go only into the seed's own reports, once (their history row marks them as seeded).
  const responsible = new Map<string, DemoOrg>();
  for (const a of assignments) responsible.set(`${a.dept}|${a.code}`, a.org);
  for (const [sheet, name] of SHEET_PILOTS)
    for (const i of PAS_DE_CALAIS_INDICATORS)
      if (i.sheet === sheet && !responsible.has(`62|${i.code}`))
        responsible.set(`62|${i.code}`, orgNamed("62", name));

  let valueCount = 0;
  for (const r of DEMO_REPORTS) {
    const prefecture = userIdExpr(prefectureEmail(r.dept));
    statements.push(
      `insert into reports (department_code, period, status, version, submitted_at, submitted_by, first_submitted_at, validated_at, validated_by, validated_by_role, created_at, updated_at) values (${[
        q(r.dept),
        q(r.period),
        q(r.status),
        q(r.version),
        q(r.submittedAt ?? null),
        r.submittedAt ? prefecture : "null",
        q(r.submittedAt ?? null),
        q(r.validatedAt ?? null),
        r.validatedAt ? prefecture : "null",
        q(r.validatedAt ? "prefecture" : null),
        q(r.enteredAt),
        q(r.validatedAt ?? r.submittedAt ?? r.enteredAt),
      ].join(", ")})\non conflict do nothing;`,
    );
    const quarter = Number(r.period.slice(-1));
    const expected = indicators.filter(
      (i) =>
        (i.departmentCode === null || i.departmentCode === r.dept) &&
        i.derivedKey === null &&
        (i.periodicity === "quarterly" || quarter === 4),
    );
    const answered = expected.filter(
      (i) => r.filled === "all" || hashInt(`${i.code}|${r.dept}|${r.period}|fill`) % 2 === 0,
    );
    valueCount += answered.length;
    const rows = answered.map((i, n) => {
      const h = hashInt(`${i.code}|${r.dept}|${r.period}|state`);
      const unavailable = h % 23 === 0;
      const value = unavailable ? null : JSON.stringify(demoValue(i.unit, i.code, r.dept, r.period));
      const comment = unavailable ? "Donnée non transmise par le service à la date de saisie." : null;
      const at = new Date(Date.parse(r.enteredAt) + n * 60_000).toISOString();
      const org = responsible.get(`${r.dept}|${i.code}`);
      const by = userIdExpr((org && MEMBER_OF[org.name]) || prefectureEmail(r.dept));
      const id = seedId(`seed|${r.dept}|${r.period}|${i.code}`);
      return { state: unavailable ? "not_available" : "value", value, comment, at, by, id, code: i.code };
    });
    for (const part of chunks(rows, 50)) {
      statements.push(
        `insert into report_values (department_code, period, indicator_code, state, value, comment, updated_at, updated_by)
select column1, column2, column3, column4, column5, column6, column7, column8 from (values\n${part
          .map(
            (v) =>
              `(${[q(r.dept), q(r.period), q(v.code), q(v.state), q(v.value), q(v.comment), q(v.at), v.by, q(v.id)].join(", ")})`,
          )
          .join(",\n")})
where not exists (select 1 from report_value_history h where h.id = column9)
  and exists (select 1 from reports r where r.department_code = column1 and r.period = column2 and r.created_at = ${q(r.enteredAt)})
on conflict do nothing;`,
        `insert into report_value_history (department_code, id, period, indicator_code, state, value, comment, changed_at, changed_by, source, request_id)
select column1, column2, column3, column4, column5, column6, column7, column8, column9, 'seed', 'seed' from (values\n${part
          .map(
            (v) =>
              `(${[q(r.dept), q(v.id), q(r.period), q(v.code), q(v.state), q(v.value), q(v.comment), q(v.at), v.by].join(", ")})`,
          )
          .join(",\n")})
where exists (select 1 from reports r where r.department_code = column1 and r.period = column3 and r.created_at = ${q(r.enteredAt)})
on conflict do nothing;`,
      );
    }
  }
  return { statements, values: valueCount };
}
