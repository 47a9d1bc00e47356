// Builds the seed SQL: official territorial reference (départements, arrondissements, communes,
// EPCI) from @etalab/decoupage-administratif, and optionally the demo organisations and users.
// Every statement is an upsert keyed on a natural or deterministic id, so running it twice
// changes nothing.
import { readFileSync } from "node:fs";
import { withLuhnKey } from "../shared/identifiers.ts";
import { addDays, parisDate, periodOf, periodStart, previousPeriod } from "../shared/periods.ts";
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
  address?: string;
};

/** Demo organisations of Pas-de-Calais (62) and Nord (59). SIRETs and RNA numbers are fictitious. */
export const demoOrganisations: DemoOrg[] = [
  {
    id: orgId("62", 1),
    dept: "62",
    kind: "state_service",
    name: "Préfecture du Pas-de-Calais",
    siret: demoSiret(6201),
    address: "Rue Ferdinand Buisson 62020 Arras Cedex 9",
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
    address: "12 rue Jean sans Peur 59039 Lille Cedex",
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

/** The id of a demo organisation, found by its natural key (it may predate the seed with another id). */
const idOf = (org: DemoOrg) =>
  `(select id from organisations where department_code = ${q(org.dept)} and ${
    org.siren ? `siren = ${q(org.siren)}` : org.rna ? `rna = ${q(org.rna)}` : `siret = ${q(org.siret ?? "")}`
  })`;

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
    o.address ?? null,
    SEEDED_AT,
    SEEDED_AT,
  ]);
  const statements = [
    // "do nothing" on any conflict (id or identifier): demo rows edited in the app are left alone.
    `insert into organisations (id, department_code, kind, name, search_name, insee_code, siren, siret, rna, address, created_at, updated_at) values\n${orgs
      .map((r) => `(${r.map(q).join(",")})`)
      .join(",\n")}\non conflict do nothing;`,
    `insert into users (id, email, name) values\n${demoUsers
      .map((u) => `(${[userId(u.n), u.email, u.name].map(q).join(",")})`)
      .join(",\n")}\non conflict do nothing;`,
  ];
  for (const u of demoUsers) {
    const org = u.org === null ? null : demoOrganisations[u.org];
    // The organisation and user are found by natural keys, in case they existed before the seed with other ids.
    const orgExpr = org ? idOf(org) : "null";
    statements.push(
      `insert into memberships (id, user_id, department_code, organisation_id, role, created_at)
select ${q(membershipId(u.n))}, u.id, ${q(u.dept)}, ${orgExpr}, ${q(u.role)}, ${q(SEEDED_AT)}
from users u where u.email = ${q(u.email)}
on conflict do nothing;`,
    );
  }
  return [
    ...statements,
    ...demoContractStatements(),
    ...demoGovernanceStatements(),
    ...demoReminderStatements(),
  ];
}

/**
 * The reminder log of 62 as the quarter-start run of 1 October 2026 left it (functions/reminders/):
 * 2026-Q3 announced to the prefecture and to France Victimes 62. Same keys as a real run, so a
 * later run never sends them again; `upcoming` on the log page shows what the next run would add.
 */
function demoReminderStatements(): string[] {
  const sent = [
    {
      n: 1,
      email: "prefecture-62@maillage.test",
      reason: "le rapport 2026-Q3 de votre département attend vos indicateurs",
    },
    {
      n: 2,
      email: "association-62@maillage.test",
      reason: "le rapport 2026-Q3 de votre département attend vos indicateurs",
    },
  ];
  return sent.map(
    (
      r,
    ) => `insert into reminders (department_code, id, key, kind, subject, occurrence, user_id, recipient, title, body, reason, link, status, attempts, created_at, sent_at)
select '62', ${q(`00000000-0062-7000-8009-${String(r.n).padStart(12, "0")}`)}, '62|quarter_open|2026-Q3|' || u.id || '|once', 'quarter_open', '2026-Q3', 'once', u.id, u.email,
  'Le rapport trimestriel 2026-Q3 est ouvert à la saisie', 'La saisie des indicateurs du trimestre 2026-Q3 est ouverte. Le rapport est attendu le 31/10/2026.',
  ${q(r.reason)}, '/departements/62/trimestres/2026-Q3', 'sent', 1, '2026-10-01T06:00:00.000Z', '2026-10-01T06:00:04.000Z'
from users u where u.email = ${q(r.email)}
on conflict do nothing;`,
  );
}

const contractId = (n: number) => `00000000-0062-7000-8003-${String(n).padStart(12, "0")}`;

type DemoSignatory = { org: number; role: string; signer?: [string, string, string] };
type DemoContract = {
  n: number;
  title: string;
  state: "draft" | "signed";
  signedOn: string | null;
  startsOn: string;
  endsOn: string;
  signatories: DemoSignatory[];
  components: [string, "planned" | "in_progress" | "done", string][];
};

/**
 * Two contracts of the CU d'Arras (demo user collectivite-62@): one signed and in force since
 * April 2026, one draft waiting for France Victimes 62's signature (demo user association-62@).
 * Their territory is the CU's member communes in the seeded reference. Never overwritten.
 */
const demoContracts: DemoContract[] = [
  {
    n: 1,
    title:
      "Contrat local de mobilisation et de coordination contre les violences sexistes et sexuelles de la CU d'Arras",
    state: "signed",
    signedOn: "2026-03-12",
    startsOn: "2026-04-01",
    endsOn: "2029-03-31",
    signatories: [
      {
        org: 1,
        role: "Collectivité porteuse du CISPD",
        signer: ["Frédéric Leturque", "Président", "2026-03-10"],
      },
      {
        org: 3,
        role: "Accès aux droits et prestations",
        signer: ["Sophie Martel", "Directrice", "2026-03-11"],
      },
      {
        org: 7,
        role: "Accueil des victimes aux urgences, constatations",
        signer: ["Marc Dubois", "Directeur", "2026-03-11"],
      },
      { org: 5, role: "Aide aux victimes", signer: ["Claire Petit", "Présidente", "2026-03-12"] },
      {
        org: 8,
        role: "Politique pénale, téléphones grave danger",
        signer: ["Anne Roussel", "Procureure de la République", "2026-03-12"],
      },
    ],
    components: [
      [
        "victim_care_protocol",
        "done",
        "Circuit d'accueil en mairie et au CCAS, fiche d'orientation commune.",
      ],
      ["resource_person", "done", "Référente VSS du service prévention (contact professionnel)."],
      ["risk_assessment_grid", "in_progress", "Grille déployée dans 3 communes sur 46."],
      ["training", "in_progress", "24 agents d'accueil formés en 2026."],
      ["operational_cells", "planned", ""],
    ],
  },
  {
    n: 2,
    title: "Contrat local — volet hébergement d'urgence (projet)",
    state: "draft",
    signedOn: null,
    startsOn: "2027-01-01",
    endsOn: "2029-12-31",
    signatories: [
      { org: 1, role: "Collectivité porteuse", signer: ["Frédéric Leturque", "Président", "2026-11-20"] },
      { org: 5, role: "Aide aux victimes, orientation vers le SIAO" },
    ],
    components: [
      ["victim_care_protocol", "planned", ""],
      ["resource_person", "planned", ""],
      ["risk_assessment_grid", "planned", ""],
      ["training", "planned", ""],
      ["operational_cells", "planned", ""],
    ],
  },
];

function demoContractStatements(): string[] {
  const cu = demoOrganisations[1] as DemoOrg;
  const cuSiren = cu.siren ?? "";
  const out: string[] = [];
  for (const c of demoContracts) {
    const id = q(contractId(c.n));
    const exists = `not exists (select 1 from contract_versions where department_code = '62' and contract_id = ${id})`;
    out.push(
      `insert into contracts (department_code, id, title, carrier_organisation_id, council, coordinator_name, coordinator_function, coordinator_email, state, signed_on, starts_on, ends_on, created_at, updated_at, version)
select '62', ${id}, ${q(c.title)}, ${idOf(cu)}, 'cispd', 'Hélène Lefèvre', 'Coordinatrice du CISPD', 'coordination.cispd@cu-arras.test', ${q(c.state)}, ${q(c.signedOn)}, ${q(c.startsOn)}, ${q(c.endsOn)}, ${q(SEEDED_AT)}, ${q(SEEDED_AT)}, 1
where ${idOf(cu)} is not null and ${exists}
on conflict do nothing;`,
    );
    c.signatories.forEach((s, position) => {
      const org = demoOrganisations[s.org] as DemoOrg;
      const [name, fn, on] = s.signer ?? [null, null, null];
      out.push(
        `insert into contract_signatories (department_code, contract_id, organisation_id, role, position, signer_name, signer_function, signed_on, recorded_at)
select '62', ${id}, ${idOf(org)}, ${q(s.role)}, ${position}, ${q(name)}, ${q(fn)}, ${q(on)}, ${q(on ? SEEDED_AT : null)}
where ${idOf(org)} is not null and ${exists}
on conflict do nothing;`,
      );
    });
    out.push(
      `insert into contract_components (department_code, contract_id, component_key, state, text)
select '62', ${id}, column1, column2, column3 from (values ${c.components.map((x) => `(${x.map(q).join(", ")})`).join(", ")})
where ${exists}
on conflict do nothing;`,
      `insert into contract_communes (department_code, contract_id, insee_code)
select '62', ${id}, insee_code from epci_communes where department_code = '62' and epci_siren = ${q(cuSiren)} and ${exists}
on conflict do nothing;`,
    );
    // The first version's snapshot, from what was just written (written last: it marks the contract as seeded).
    out.push(
      `insert into contract_versions (department_code, contract_id, version, kind, at, snapshot)
select '62', ${id}, 1, 'created', ${q(SEEDED_AT)}, json_object(
  'title', c.title, 'carrierOrganisationId', c.carrier_organisation_id, 'council', c.council,
  'coordinator', json_object('name', c.coordinator_name, 'function', c.coordinator_function, 'email', c.coordinator_email),
  'state', c.state, 'signedOn', c.signed_on, 'startsOn', c.starts_on, 'endsOn', c.ends_on,
  'terminatedOn', null, 'terminationReason', null,
  'communes', (select json_group_array(insee_code) from (select insee_code from contract_communes where department_code = '62' and contract_id = c.id order by insee_code)),
  'signatories', (select json_group_array(json_object('organisationId', organisation_id, 'role', role, 'signerName', signer_name, 'signerFunction', signer_function, 'signedOn', signed_on)) from (select * from contract_signatories where department_code = '62' and contract_id = c.id order by position)),
  'components', (select json_group_array(json_object('key', component_key, 'state', state, 'text', text)) from (select * from contract_components where department_code = '62' and contract_id = c.id order by rowid))
)
from contracts c where c.department_code = '62' and c.id = ${id}
on conflict do nothing;`,
    );
  }
  return out;
}

const governanceId = (n: number) => `00000000-0062-7000-8004-${String(n).padStart(12, "0")}`;

/**
 * Pas-de-Calais' CLAV, designated two quarters ago, and its meetings of the previous quarter (a
 * plenary and the intrafamily-violence group, with an action of France Victimes 62 past due): the
 * quarter in progress has no plenary yet, so the governance page shows its flag. Dates follow the
 * day the seed first runs; fixed ids and "do nothing" keep a second run from changing anything.
 */
export function demoGovernanceStatements(now = new Date()): string[] {
  const previous = previousPeriod(periodOf(parisDate(now)));
  const designatedOn = periodStart(previousPeriod(previous));
  const plenaryOn = addDays(periodStart(previous), 20);
  const groupOn = addDays(periodStart(previous), 40);
  const org = (i: number) => idOf(demoOrganisations[i] as DemoOrg);
  const prefecture = org(0);
  const caf = org(3);
  const gendarmerie = org(4);
  const franceVictimes = org(5);
  const cidff = org(6);
  const parquet = org(8);
  const meeting = (
    n: number,
    kind: string,
    group: string | null,
    day: string,
    agenda: string,
    decisions: string,
  ) =>
    `insert into governance_meetings (department_code, id, kind, group_name, starts_at, duration_minutes, location, agenda, decisions, created_at, updated_at, version)
values ('62', ${q(governanceId(n))}, ${q(kind)}, ${q(group)}, ${q(`${day}T14:00`)}, 120, 'Préfecture du Pas-de-Calais, Arras', ${q(agenda)}, ${q(decisions)}, ${q(SEEDED_AT)}, ${q(SEEDED_AT)}, 1)
on conflict do nothing;`;
  const attendees = (n: number, orgs: string[]) =>
    orgs.map(
      (o) => `insert into governance_attendees (department_code, meeting_id, organisation_id)
select '62', ${q(governanceId(n))}, ${o} where ${o} is not null
on conflict do nothing;`,
    );
  return [
    `insert into governance_bodies (department_code, id, kind, designated_on, co_chairs, secretariat_name, secretariat_email, secretariat_phone, created_at)
values ('62', ${q(governanceId(1))}, 'clav', ${q(designatedOn)}, ${q(
      JSON.stringify([
        { function: "Préfet du Pas-de-Calais", name: "Préfet du Pas-de-Calais" },
        {
          function: "Procureur de la République près le tribunal judiciaire d'Arras",
          name: "Procureur d'Arras",
        },
      ]),
    )}, 'Déléguée départementale aux droits des femmes', 'ddfe@pas-de-calais.gouv.test', '03 21 21 20 00', ${q(SEEDED_AT)})
on conflict do nothing;`,
    meeting(
      2,
      "plenary",
      null,
      plenaryOn,
      "Bilan du trimestre ; indicateurs du plan départemental ; contrats locaux.",
      "Création d'un groupe thématique « violences intrafamiliales ».",
    ),
    ...attendees(2, [prefecture, parquet, caf, gendarmerie, franceVictimes, cidff]),
    meeting(
      3,
      "thematic",
      "Violences intrafamiliales",
      groupOn,
      "Hébergement d'urgence des victimes ; téléphones grave danger.",
      "Recenser les places d'hébergement dédiées.",
    ),
    ...attendees(3, [prefecture, franceVictimes, cidff]),
    `insert into governance_actions (department_code, id, meeting_id, title, owner_organisation_id, due_on, status, created_at)
select '62', ${q(governanceId(4))}, ${q(governanceId(3))}, 'Recenser les places d''hébergement dédiées aux victimes', ${franceVictimes}, ${q(addDays(groupOn, 30))}, 'open', ${q(SEEDED_AT)}
where ${franceVictimes} is not null
on conflict do nothing;`,
  ];
}
