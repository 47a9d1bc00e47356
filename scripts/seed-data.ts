// Builds the seed SQL: official territorial reference (départements, arrondissements, communes,
// EPCI) from @etalab/decoupage-administratif, and optionally the demo organisations and users.
// Every statement is an upsert keyed on a natural or deterministic id, so running it twice
// changes nothing.
import { readFileSync } from "node:fs";
import { withLuhnKey } from "../shared/identifiers.ts";
import { searchKey } from "../shared/search.ts";

type Region = { code: string; nom: string };
type Departement = { code: string; nom: string; region: string; zone: string };
type Arrondissement = { code: string; nom: string; departement: string };
type Commune = {
  code: string;
  nom: string;
  departement: string;
  type: string;
  siren?: string;
  population?: number;
};
type Epci = { code: string; nom: string; type: string; membres: { code: string }[] };

/** Rows per INSERT: keeps each statement far below D1's 100 KB statement limit. */
export const ROWS_PER_STATEMENT = 500;
/** Fixed so that reruns write identical rows. */
export const SEEDED_AT = "2026-01-01T00:00:00.000Z";

export const q = (v: string | number | null) =>
  v === null ? "null" : typeof v === "number" ? String(v) : `'${v.replaceAll("'", "''")}'`;

export function upsert(
  table: string,
  columns: string[],
  key: string[],
  rows: (string | number | null)[][],
): string[] {
  const update = columns.filter((c) => !key.includes(c));
  const onConflict =
    update.length === 0
      ? "do nothing"
      : `do update set ${update.map((c) => `${c} = excluded.${c}`).join(", ")} where ${update
          .map((c) => `${table}.${c} is not excluded.${c}`)
          .join(" or ")}`;
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows
      .slice(i, i + ROWS_PER_STATEMENT)
      .map((r) => `(${r.map(q).join(",")})`)
      .join(",\n");
    out.push(
      `insert into ${table} (${columns.join(", ")}) values\n${values}\non conflict (${key.join(", ")}) ${onConflict};`,
    );
  }
  return out;
}

function readJson<T>(dataDir: URL, name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, dataDir), "utf8")) as T;
}

/** The département of a commune code as the reference writes it ("62041" → "62", "97411" → "974"). */
const departmentOf = (code: string) => (code.startsWith("97") ? code.slice(0, 3) : code.slice(0, 2));

export function referenceStatements(dataDir: URL) {
  const regions = new Map(readJson<Region[]>(dataDir, "regions").map((r) => [r.code, r.nom]));
  const depts = readJson<Departement[]>(dataDir, "departements").filter(
    (d) => d.zone === "metro" || d.zone === "drom",
  );
  const codes = new Set(depts.map((d) => d.code));
  const arrondissements = readJson<Arrondissement[]>(dataDir, "arrondissements").filter((a) =>
    codes.has(a.departement),
  );
  const communes = readJson<Commune[]>(dataDir, "communes").filter(
    (c) => c.type === "commune-actuelle" && codes.has(c.departement) && c.siren,
  );
  const communeKeys = new Set(communes.map((c) => `${c.departement}:${c.code}`));
  const epciRows: string[][] = [];
  const memberRows: string[][] = [];
  for (const e of readJson<Epci[]>(dataDir, "epci")) {
    const in_ = new Set(e.membres.map((m) => departmentOf(m.code)).filter((d) => codes.has(d)));
    for (const d of [...in_].sort()) epciRows.push([d, e.code, e.nom, searchKey(e.nom), e.type]);
    for (const m of e.membres) {
      const d = departmentOf(m.code);
      if (communeKeys.has(`${d}:${m.code}`)) memberRows.push([d, e.code, m.code]);
    }
  }
  const statements = [
    ...upsert(
      "departments",
      ["code", "name", "region_code", "region_name"],
      ["code"],
      depts.map((d) => [d.code, d.nom, d.region, regions.get(d.region) ?? d.region]),
    ),
    ...upsert(
      "arrondissements",
      ["department_code", "code", "name"],
      ["department_code", "code"],
      arrondissements.map((a) => [a.departement, a.code, a.nom]),
    ),
    ...upsert(
      "communes",
      ["department_code", "insee_code", "siren", "name", "search_name", "population"],
      ["department_code", "insee_code"],
      communes.map((c) => [c.departement, c.code, c.siren ?? "", c.nom, searchKey(c.nom), c.population ?? 0]),
    ),
    ...upsert(
      "epcis",
      ["department_code", "siren", "name", "search_name", "type"],
      ["department_code", "siren"],
      epciRows,
    ),
    ...upsert(
      "epci_communes",
      ["department_code", "epci_siren", "insee_code"],
      ["department_code", "epci_siren", "insee_code"],
      memberRows,
    ),
  ];
  return {
    statements,
    counts: {
      departments: depts.length,
      arrondissements: arrondissements.length,
      communes: communes.length,
      epcis: epciRows.length,
      epciCommunes: memberRows.length,
    },
  };
}

/** A fictitious but valid SIRET (Luhn-valid SIREN "9990…" + establishment 0001). */
const demoSiret = (n: number) => withLuhnKey(`${withLuhnKey(`9990${String(n).padStart(4, "0")}`)}0001`);
const orgId = (dept: string, n: number) =>
  `00000000-00${dept.padStart(2, "0")}-7000-8000-${String(n).padStart(12, "0")}`;
const userId = (n: number) => `00000000-0000-7000-8001-${String(n).padStart(12, "0")}`;
const membershipId = (n: number) => `00000000-0000-7000-8002-${String(n).padStart(12, "0")}`;

export type DemoOrg = {
  id: string;
  dept: string;
  kind: string;
  name: string;
  inseeCode?: string;
  siren?: string;
  siret?: string;
  rna?: string;
};

/** Demo organisations of Pas-de-Calais (62) and Nord (59). SIRETs and RNA numbers are fictitious. */
export const demoOrganisations: DemoOrg[] = [
  {
    id: orgId("62", 1),
    dept: "62",
    kind: "state_service",
    name: "Préfecture du Pas-de-Calais",
    siret: demoSiret(6201),
  },
  { id: orgId("62", 2), dept: "62", kind: "epci", name: "Communauté urbaine d'Arras", siren: "200033579" },
  { id: orgId("62", 3), dept: "62", kind: "commune", name: "Arras", inseeCode: "62041", siren: "216200410" },
  {
    id: orgId("62", 4),
    dept: "62",
    kind: "social_security",
    name: "CAF du Pas-de-Calais",
    siret: demoSiret(6204),
  },
  {
    id: orgId("62", 5),
    dept: "62",
    kind: "gendarmerie",
    name: "Groupement de gendarmerie départementale du Pas-de-Calais",
    siret: demoSiret(6205),
  },
  { id: orgId("62", 6), dept: "62", kind: "association", name: "France Victimes 62", rna: "W622000001" },
  { id: orgId("62", 7), dept: "62", kind: "association", name: "CIDFF du Pas-de-Calais", rna: "W622000002" },
  {
    id: orgId("62", 8),
    dept: "62",
    kind: "health",
    name: "Centre hospitalier d'Arras",
    siret: demoSiret(6208),
  },
  {
    id: orgId("62", 9),
    dept: "62",
    kind: "justice",
    name: "Parquet du tribunal judiciaire d'Arras",
    siret: demoSiret(6209),
  },
  {
    id: orgId("62", 10),
    dept: "62",
    kind: "state_service",
    name: "DDETS du Pas-de-Calais",
    siret: demoSiret(6210),
  },
  {
    id: orgId("59", 1),
    dept: "59",
    kind: "state_service",
    name: "Préfecture du Nord",
    siret: demoSiret(5901),
  },
  { id: orgId("59", 2), dept: "59", kind: "epci", name: "Métropole Européenne de Lille", siren: "200093201" },
  { id: orgId("59", 3), dept: "59", kind: "social_security", name: "CAF du Nord", siret: demoSiret(5903) },
  {
    id: orgId("59", 4),
    dept: "59",
    kind: "association",
    name: "Association d'aide aux victimes du Nord",
    rna: "W595000001",
  },
];

/** Demo users and their one membership each; `org` names the organisation by its index above. */
export const demoUsers = [
  {
    n: 1,
    email: "national@maillage.test",
    name: "Équipe nationale",
    role: "national",
    dept: null,
    org: null,
  },
  {
    n: 2,
    email: "prefecture-62@maillage.test",
    name: "Préfecture du Pas-de-Calais",
    role: "prefecture",
    dept: "62",
    org: 0,
  },
  {
    n: 3,
    email: "prefecture-59@maillage.test",
    name: "Préfecture du Nord",
    role: "prefecture",
    dept: "59",
    org: 10,
  },
  { n: 4, email: "collectivite-62@maillage.test", name: "CU d'Arras", role: "member", dept: "62", org: 1 },
  {
    n: 5,
    email: "association-62@maillage.test",
    name: "France Victimes 62",
    role: "member",
    dept: "62",
    org: 5,
  },
] as const;

export function demoStatements(): string[] {
  const orgs = demoOrganisations.map((o) => [
    o.id,
    o.dept,
    o.kind,
    o.name,
    searchKey(o.name),
    o.inseeCode ?? null,
    o.siren ?? null,
    o.siret ?? null,
    o.rna ?? null,
    SEEDED_AT,
    SEEDED_AT,
  ]);
  const statements = [
    // "do nothing" on any conflict (id or identifier): demo rows edited in the app are left alone.
    `insert into organisations (id, department_code, kind, name, search_name, insee_code, siren, siret, rna, created_at, updated_at) values\n${orgs
      .map((r) => `(${r.map(q).join(",")})`)
      .join(",\n")}\non conflict do nothing;`,
    `insert into users (id, email, name) values\n${demoUsers
      .map((u) => `(${[userId(u.n), u.email, u.name].map(q).join(",")})`)
      .join(",\n")}\non conflict do nothing;`,
  ];
  for (const u of demoUsers) {
    const org = u.org === null ? null : demoOrganisations[u.org];
    // The organisation and user are found by natural keys, in case they existed before the seed with other ids.
    const orgExpr = org
      ? `(select id from organisations where department_code = ${q(org.dept)} and ${
          org.siren
            ? `siren = ${q(org.siren)}`
            : org.rna
              ? `rna = ${q(org.rna)}`
              : `siret = ${q(org.siret ?? "")}`
        })`
      : "null";
    statements.push(
      `insert into memberships (id, user_id, department_code, organisation_id, role, created_at)
select ${q(membershipId(u.n))}, u.id, ${q(u.dept)}, ${orgExpr}, ${q(u.role)}, ${q(SEEDED_AT)}
from users u where u.email = ${q(u.email)}
on conflict do nothing;`,
    );
  }
  return statements;
}
