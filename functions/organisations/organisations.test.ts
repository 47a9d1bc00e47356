import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { withLuhnKey } from "../../shared/identifiers";
import type { Organisation } from "../../shared/organisation";
import {
  auditRowsOf,
  call,
  commune,
  department,
  epci,
  organisation,
  type TestUser,
  token,
  user,
} from "../../test/factories";

const base = "/api/v1/departments/62/organisations";
let serial = 1000;
/** A fresh Luhn-valid SIRET each call. */
const siret = () => withLuhnKey(`4${String(serial++).padStart(12, "0")}`);

async function countOrganisations(departmentCode: string) {
  const row = await env.DB.prepare("select count(*) as n from organisations where department_code = ?")
    .bind(departmentCode)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

let prefecture: TestUser;
let national: TestUser;
let member62: TestUser;
let member59: TestUser;
let prefecture59: TestUser;

beforeAll(async () => {
  await department("62");
  await department("59");
  await commune("62");
  await commune("62", { inseeCode: "62193", siren: "216201939", name: "Calais" });
  await commune("59", { inseeCode: "59350", siren: "215903501", name: "Lille" });
  await epci("62");
  await epci("59", { siren: "200093201", name: "Métropole Européenne de Lille", type: "METRO" });
  prefecture = await user("prefecture", "62");
  national = await user("national");
  const org = await organisation("62");
  member62 = await user("member", "62", org.id);
  member59 = await user("member", "59", (await organisation("59")).id);
  prefecture59 = await user("prefecture", "59");
});

describe("creating organisations", () => {
  it("the prefecture registers a commune from its INSEE code: SIREN and name come from the official list", async () => {
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "commune", inseeCode: "62041" },
    });
    expect(res.status).toBe(201);
    const org = (await res.json()) as Organisation;
    expect(org).toMatchObject({
      departmentCode: "62",
      kind: "commune",
      name: "Arras",
      inseeCode: "62041",
      siren: "216200410",
      siret: null,
      rna: null,
      archivedAt: null,
      version: 1,
    });
    expect(res.headers.get("etag")).toBe('"1"');
    const audit = await auditRowsOf(org.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "organisation.created",
      entityType: "organisation",
      departmentCode: "62",
      actorUserId: prefecture.id,
      membershipId: prefecture.membershipId,
      before: null,
    });
    expect(audit[0]?.after).toMatchObject({ id: org.id, name: "Arras" });
  });

  it("an EPCI gets its default name from the département's EPCI list", async () => {
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "epci", siren: "200 033 579", name: "Communauté urbaine d'Arras" },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      kind: "epci",
      siren: "200033579",
      name: "Communauté urbaine d'Arras",
    });
  });

  it("an association needs an RNA number; other kinds need a SIRET", async () => {
    const association = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "association", name: "France Victimes 62", rna: "w622001234" },
    });
    expect(association.status).toBe(201);
    expect(await association.json()).toMatchObject({ rna: "W622001234", siret: null });
    const s = siret();
    const caf = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "social_security", name: "CAF du Pas-de-Calais", siret: s },
    });
    expect(caf.status).toBe(201);
    expect(await caf.json()).toMatchObject({ siret: s, siren: null, rna: null });
  });

  it("an API token of the prefecture can create an organisation (no cookie, no same-origin header)", async () => {
    const t = await token(prefecture);
    const res = await call("POST", base, {
      headers: t.headers,
      body: { kind: "health", name: "Centre hospitalier d'Arras", siret: siret() },
    });
    expect(res.status).toBe(201);
  });

  it("answers 422 with a pointer per invalid field and writes nothing", async () => {
    const before = await countOrganisations("62");
    const cases: [unknown, string[]][] = [
      [{ kind: "commune" }, ["/inseeCode"]],
      [{ kind: "commune", inseeCode: "59350" }, ["/inseeCode"]], // Lille is not in 62's list
      [{ kind: "commune", inseeCode: "6204" }, ["/inseeCode"]],
      [{ kind: "epci", siren: "200093201" }, ["/siren"]], // MEL is not an EPCI of 62
      [{ kind: "epci", siren: "200033578" }, ["/siren"]], // bad check digit
      [{ kind: "association", name: "X" }, ["/rna"]],
      [{ kind: "association", name: "X", rna: "W12" }, ["/rna"]],
      [{ kind: "health", name: "X" }, ["/siret"]],
      [{ kind: "health", name: "X", siret: "73282932000075" }, ["/siret"]],
      [{ kind: "health", siret: siret() }, ["/name"]],
      [{ kind: "health", name: "X", siret: siret(), rna: "W622001235" }, ["/rna"]],
      [{ kind: "commune", inseeCode: "62041", siret: "73282932000074" }, ["/siret"]], // not Arras's SIREN
      [{ kind: "spaceship", name: "X" }, ["/kind"]],
      [{ kind: "other", name: "x".repeat(201), siret: siret() }, ["/name"]],
    ];
    for (const [body, pointers] of cases) {
      const res = await call("POST", base, { headers: prefecture.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await res.json()) as { code: string; errors: { pointer: string; in: string }[] };
      expect(problem.code).toBe("validation_failed");
      expect(
        problem.errors.map((e) => e.pointer),
        JSON.stringify(body),
      ).toEqual(pointers);
    }
    const unknown = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "commune", inseeCode: "59350" },
    });
    expect(((await unknown.json()) as { errors: { detail: string }[] }).errors[0]?.detail).toBe(
      "Code INSEE inconnu dans ce département",
    );
    expect(await countOrganisations("62")).toBe(before);
  });

  it("answers 409 with the field pointer when an identifier is already used in the département, and writes nothing", async () => {
    const s = siret();
    const first = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "police", name: "DDSP", siret: s },
    });
    expect(first.status).toBe(201);
    const before = await countOrganisations("62");
    const auditBefore = await env.DB.prepare("select count(*) as n from audit_events").first<{ n: number }>();
    const duplicates: [unknown, string][] = [
      [{ kind: "police", name: "DDSP bis", siret: s }, "/siret"],
      [{ kind: "commune", inseeCode: "62041" }, "/inseeCode"],
      [{ kind: "epci", siren: "200033579" }, "/siren"],
      [{ kind: "association", name: "Autre", rna: "W622001234" }, "/rna"],
    ];
    for (const [body, pointer] of duplicates) {
      const res = await call("POST", base, { headers: prefecture.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(409);
      const problem = (await res.json()) as { code: string; errors: { pointer: string }[] };
      expect(problem.code).toBe("conflict");
      expect(problem.errors[0]?.pointer).toBe(pointer);
    }
    expect(await countOrganisations("62")).toBe(before);
    const auditAfter = await env.DB.prepare("select count(*) as n from audit_events").first<{ n: number }>();
    expect(auditAfter?.n).toBe(auditBefore?.n);
  });

  it("a duplicate SIRET names the organisation that already has it (name and id), archived or not", async () => {
    const s = siret();
    const holder = await organisation("62", {
      kind: "health",
      name: "Centre hospitalier d'Arras",
      siret: s,
      rna: null,
    });
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "health", name: "Hôpital bis", siret: s.replace(/(\d{3})/g, "$1 ") },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({
      code: "conflict",
      detail: "Ce SIRET est déjà celui de « Centre hospitalier d'Arras ».",
      existing: { id: holder.id, name: "Centre hospitalier d'Arras" },
      errors: [
        {
          in: "body",
          pointer: "/siret",
          code: "duplicate",
          detail: "Ce SIRET est déjà celui de « Centre hospitalier d'Arras ».",
        },
      ],
    });

    const archivedSiret = siret();
    const archived = await organisation("62", {
      kind: "housing",
      name: "Ancien bailleur",
      siret: archivedSiret,
      rna: null,
      archivedAt: new Date().toISOString(),
    });
    const again = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "housing", name: "Nouveau bailleur", siret: archivedSiret },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ existing: { id: archived.id, name: "Ancien bailleur" } });
  });

  it("a duplicate commune or RNA names its holder too", async () => {
    const calais = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "commune", inseeCode: "62193" },
    });
    expect(calais.status).toBe(201);
    const { id } = (await calais.json()) as Organisation;
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "commune", inseeCode: "62193", name: "Calais bis" },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      detail: "Ce code INSEE est déjà celui de « Calais ».",
      existing: { id, name: "Calais" },
      errors: [{ pointer: "/inseeCode" }],
    });
  });

  it("stores the address given, trimmed; an empty one is no address", async () => {
    const res = await call("POST", base, {
      headers: prefecture.headers,
      body: {
        kind: "justice",
        name: "Tribunal",
        siret: siret(),
        address: "  Place des Etats d'Artois 62000 ARRAS ",
      },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ address: "Place des Etats d'Artois 62000 ARRAS" });
    const none = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "justice", name: "Tribunal bis", siret: siret(), address: "" },
    });
    expect(await none.json()).toMatchObject({ address: null });
    const tooLong = await call("POST", base, {
      headers: prefecture.headers,
      body: { kind: "justice", name: "Tribunal ter", siret: siret(), address: "x".repeat(301) },
    });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.json()).toMatchObject({ errors: [{ pointer: "/address" }] });
  });

  it("the same SIRET may be used in another département", async () => {
    const s = siret();
    await organisation("62", { kind: "state_service", siret: s, rna: null });
    const res = await call("POST", "/api/v1/departments/59/organisations", {
      headers: prefecture59.headers,
      body: { kind: "state_service", name: "Service", siret: s },
    });
    expect(res.status).toBe(201);
  });

  it("a member cannot create an organisation (403), nor can the national level (prefecture only)", async () => {
    const before = await countOrganisations("62");
    for (const u of [member62, national]) {
      const res = await call("POST", base, {
        headers: u.headers,
        body: { kind: "other", name: "X", siret: siret() },
      });
      expect(res.status).toBe(403);
    }
    expect(await countOrganisations("62")).toBe(before);
  });

  it("the prefecture of 59 cannot create an organisation in 62", async () => {
    const res = await call("POST", base, {
      headers: prefecture59.headers,
      body: { kind: "other", name: "X", siret: siret() },
    });
    expect(res.status).toBe(403);
  });

  it("a cookie-authenticated write from another site is refused", async () => {
    const res = await call("POST", base, {
      headers: { ...prefecture.headers, "sec-fetch-site": "cross-site" },
      body: { kind: "other", name: "X", siret: siret() },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "csrf_failed" });
  });

  it("an anonymous caller gets 401", async () => {
    expect((await call("GET", base)).status).toBe(401);
    expect((await call("POST", base, { body: { kind: "other", name: "X", siret: siret() } })).status).toBe(
      401,
    );
  });
});

describe("reading organisations", () => {
  it("members, the prefecture and the national level read the département's organisations", async () => {
    for (const u of [member62, prefecture, national]) {
      const res = await call("GET", base, { headers: u.headers });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Organisation[] };
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((o) => o.departmentCode === "62")).toBe(true);
    }
  });

  it("a member of 59 cannot read 62's organisations", async () => {
    const org = await organisation("62");
    expect((await call("GET", base, { headers: member59.headers })).status).toBe(403);
    expect((await call("GET", `${base}/${org.id}`, { headers: member59.headers })).status).toBe(403);
  });

  it("an organisation id of 59 under /departments/62 answers 404 like a missing one", async () => {
    const org59 = await organisation("59");
    const foreign = await call("GET", `${base}/${org59.id}`, { headers: national.headers });
    const missing = await call("GET", `${base}/00000000-0000-7000-8000-000000000000`, {
      headers: national.headers,
    });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const { requestId: _a, instance: _b, ...f } = (await foreign.json()) as Record<string, unknown>;
    const { requestId: _c, instance: _d, ...m } = (await missing.json()) as Record<string, unknown>;
    expect(f).toEqual(m);
    // nor can it be changed or archived through 62
    const patch = await call("PATCH", `${base}/${org59.id}`, {
      headers: prefecture.headers,
      body: { name: "Pris" },
    });
    expect(patch.status).toBe(404);
    const archive = await call("POST", `${base}/${org59.id}/archive`, { headers: prefecture.headers });
    expect(archive.status).toBe(404);
    expect(await auditRowsOf(org59.id)).toHaveLength(0);
  });

  it("an unknown département answers 404", async () => {
    const res = await call("GET", "/api/v1/departments/00/organisations", { headers: national.headers });
    expect(res.status).toBe(404);
  });

  it("reads one organisation with its version as ETag", async () => {
    const org = await organisation("62", { name: "Lecture" });
    const res = await call("GET", `${base}/${org.id}`, { headers: member62.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(await res.json()).toMatchObject({ id: org.id, name: "Lecture", version: 1 });
  });

  it("rejects a malformed cursor and an out-of-range limit", async () => {
    const bad = await call("GET", `${base}?cursor=nope`, { headers: member62.headers });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "invalid_cursor" });
    const limit = await call("GET", `${base}?limit=1000`, { headers: member62.headers });
    expect(limit.status).toBe(422);
    expect(((await limit.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe("/limit");
  });
});

describe("listing pages and filters (département 75)", () => {
  let national75: TestUser;
  const names = [
    "Zèbre",
    "abri",
    "Abri",
    "Maison",
    "Maison",
    "Maison",
    "Écoute",
    "Centre",
    "Bureau",
    "Accueil",
    "Relais",
  ];
  beforeAll(async () => {
    await department("75");
    national75 = national;
    for (const name of names) await organisation("75", { name });
    await organisation("75", { name: "Archivée", archivedAt: new Date().toISOString() });
    await organisation("75", { name: "Hôpital", kind: "health", rna: null, siret: siret() });
  });

  it("pagination returns every row exactly once over pages, alphabetically whatever accents and case, then by id", async () => {
    const seen: Organisation[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call("GET", `/api/v1/departments/75/organisations?limit=3${q}`, {
        headers: national75.headers,
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Organisation[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(names.length + 1); // the active ones, archived excluded
    expect(new Set(seen.map((o) => o.id)).size).toBe(seen.length);
    expect(seen.map((o) => o.name.toLowerCase())).toEqual([
      "abri",
      "abri",
      "accueil",
      "bureau",
      "centre",
      "écoute",
      "hôpital",
      "maison",
      "maison",
      "maison",
      "relais",
      "zèbre",
    ]);
    // Equal names come in id order, so a page boundary between them loses none.
    const maisons = seen.filter((o) => o.name === "Maison").map((o) => o.id);
    expect(maisons).toEqual([...maisons].sort());
  });

  it("filters by kind, by part of the name, and lists the archived ones on demand", async () => {
    const get = async (query: string) => {
      const res = await call("GET", `/api/v1/departments/75/organisations?${query}`, {
        headers: national75.headers,
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Organisation[] }).items.map((o) => o.name);
    };
    expect(await get("kind=health")).toEqual(["Hôpital"]);
    expect(await get("q=ais")).toEqual(["Maison", "Maison", "Maison", "Relais"]);
    expect(await get("q=%25")).toEqual([]); // a LIKE wildcard typed by the user matches itself only
    expect(await get("archived=true")).toEqual(["Archivée"]);
    const res = await call("GET", "/api/v1/departments/75/organisations?kind=nope", {
      headers: national75.headers,
    });
    expect(res.status).toBe(422);
  });
});

describe("searching organisations by name (département 13)", () => {
  let prefecture13: TestUser;
  const url = "/api/v1/departments/13/organisations";
  const find = async (q: string) => {
    const res = await call("GET", `${url}?q=${encodeURIComponent(q)}`, { headers: prefecture13.headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Organisation[] }).items.map((o) => o.name);
  };
  beforeAll(async () => {
    await department("13");
    prefecture13 = await user("prefecture", "13");
    for (const name of ["Cœur de Femmes", "L’Écoute Béthunoise", "100% Égalité", "Écoute 13"]) {
      await organisation("13", { name });
    }
  });

  it("ignores accents, case, apostrophes and œ, and matches part of the name", async () => {
    for (const q of ["coeur", "CŒUR", "cœur de femmes", "coeur-de-femmes"]) {
      expect(await find(q)).toEqual(["Cœur de Femmes"]);
    }
    for (const q of ["l'ecoute", "L’ÉCOUTE", "l ecoute", "ecoute bethun"]) {
      expect(await find(q)).toEqual(["L’Écoute Béthunoise"]);
    }
    expect(await find("ecoute")).toEqual(["Écoute 13", "L’Écoute Béthunoise"]);
  });

  it("treats % and _ as separators, never as wildcards", async () => {
    expect(await find("100%")).toEqual(["100% Égalité"]);
    expect(await find("%")).toEqual([]);
    expect(await find("_")).toEqual([]);
    expect(await find("1_0")).toEqual([]);
  });

  it("finds an organisation created or renamed through the API under its new name only", async () => {
    const created = await call("POST", url, {
      headers: prefecture13.headers,
      body: { kind: "association", name: "Maison des femmes de Saint-Omer", rna: "W131000001" },
    });
    expect(created.status).toBe(201);
    for (const q of ["saint omer", "SAINT-OMER", "femmes de saint"]) {
      expect(await find(q)).toEqual(["Maison des femmes de Saint-Omer"]);
    }
    const { id } = (await created.json()) as Organisation;
    const renamed = await call("PATCH", `${url}/${id}`, {
      headers: prefecture13.headers,
      body: { name: "Relais d’Œuvres sociales" },
    });
    expect(renamed.status).toBe(200);
    expect(await find("saint omer")).toEqual([]);
    expect(await find("d oeuvres")).toEqual(["Relais d’Œuvres sociales"]);
  });
});

describe("updating organisations", () => {
  it("renames with If-Match, bumps the version and audits before/after", async () => {
    const org = await organisation("62", { name: "Ancien nom" });
    const res = await call("PATCH", `${base}/${org.id}`, {
      headers: { ...prefecture.headers, "if-match": '"1"' },
      body: { name: "Nouveau nom" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(await res.json()).toMatchObject({ name: "Nouveau nom", version: 2 });
    const audit = await auditRowsOf(org.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "organisation.updated" });
    expect(audit[0]?.before).toMatchObject({ name: "Ancien nom", version: 1 });
    expect(audit[0]?.after).toMatchObject({ name: "Nouveau nom", version: 2 });
  });

  it("answers 412 precondition_failed on a stale If-Match and writes nothing", async () => {
    const org = await organisation("62", { name: "Stable" });
    const first = await call("PATCH", `${base}/${org.id}`, {
      headers: { ...prefecture.headers, "if-match": '"1"' },
      body: { name: "Première" },
    });
    expect(first.status).toBe(200);
    const second = await call("PATCH", `${base}/${org.id}`, {
      headers: { ...prefecture.headers, "if-match": '"1"' },
      body: { name: "Seconde" },
    });
    expect(second.status).toBe(412);
    expect(await second.json()).toMatchObject({ code: "precondition_failed", status: 412 });
    const now = await call("GET", `${base}/${org.id}`, { headers: prefecture.headers });
    expect(await now.json()).toMatchObject({ name: "Première", version: 2 });
    expect(await auditRowsOf(org.id)).toHaveLength(1);
  });

  it("two concurrent updates of the same version cannot both win", async () => {
    const org = await organisation("62", { name: "Course" });
    const results = await Promise.all(
      ["A", "B", "C"].map((name) =>
        call("PATCH", `${base}/${org.id}`, {
          headers: { ...prefecture.headers, "if-match": '"1"' },
          body: { name },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(2);
    const audit = await auditRowsOf(org.id);
    expect(audit).toHaveLength(1);
    const final = (await (
      await call("GET", `${base}/${org.id}`, { headers: prefecture.headers })
    ).json()) as Organisation;
    expect(final.version).toBe(2);
    expect((audit[0]?.after as Organisation | undefined)?.name).toBe(final.name);
  });

  it("validates identifier changes against the kind", async () => {
    const health = await organisation("62", { kind: "health", rna: null, siret: siret() });
    const cases: [unknown, string][] = [
      [{ siret: null }, "/siret"], // required for this kind
      [{ siret: "123" }, "/siret"],
      [{ rna: "W622001299" }, "/rna"], // not applicable
      [{ name: "" }, "/name"],
    ];
    for (const [body, pointer] of cases) {
      const res = await call("PATCH", `${base}/${health.id}`, { headers: prefecture.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe(pointer);
    }
    expect(await auditRowsOf(health.id)).toHaveLength(0);
    // an association may drop its optional SIRET, not its RNA
    const asso = await organisation("62", { siret: siret() });
    const drop = await call("PATCH", `${base}/${asso.id}`, {
      headers: prefecture.headers,
      body: { siret: null },
    });
    expect(drop.status).toBe(200);
    expect(await drop.json()).toMatchObject({ siret: null });
    const noRna = await call("PATCH", `${base}/${asso.id}`, {
      headers: prefecture.headers,
      body: { rna: null },
    });
    expect(noRna.status).toBe(422);
  });

  it("a SIRET already used answers 409 /siret on update", async () => {
    const s = siret();
    await organisation("62", { kind: "housing", rna: null, siret: s });
    const other = await organisation("62", { kind: "housing", rna: null, siret: siret() });
    const res = await call("PATCH", `${base}/${other.id}`, {
      headers: prefecture.headers,
      body: { siret: s },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe("/siret");
    expect(await auditRowsOf(other.id)).toHaveLength(0);
  });

  it("a duplicate SIRET on update names the organisation that has it", async () => {
    const s = siret();
    const holder = await organisation("62", {
      kind: "employment",
      name: "France Travail Arras",
      rna: null,
      siret: s,
    });
    const other = await organisation("62", {
      kind: "employment",
      name: "Mission locale",
      rna: null,
      siret: siret(),
    });
    const res = await call("PATCH", `${base}/${other.id}`, {
      headers: prefecture.headers,
      body: { siret: s },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      detail: "Ce SIRET est déjà celui de « France Travail Arras ».",
      existing: { id: holder.id, name: "France Travail Arras" },
    });
  });

  it("changes and clears the address, audited", async () => {
    const org = await organisation("62", { kind: "housing", rna: null, siret: siret() });
    const set = await call("PATCH", `${base}/${org.id}`, {
      headers: prefecture.headers,
      body: { address: "12 QUAI GAMBETTA 62200 BOULOGNE-SUR-MER" },
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      address: "12 QUAI GAMBETTA 62200 BOULOGNE-SUR-MER",
      version: 2,
    });
    const cleared = await call("PATCH", `${base}/${org.id}`, {
      headers: prefecture.headers,
      body: { address: null },
    });
    expect(await cleared.json()).toMatchObject({ address: null, version: 3 });
    const audit = await auditRowsOf(org.id);
    expect(audit).toHaveLength(2);
  });

  it("an unchanged update writes nothing", async () => {
    const org = await organisation("62", { name: "Même nom" });
    const res = await call("PATCH", `${base}/${org.id}`, {
      headers: prefecture.headers,
      body: { name: "Même nom" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: 1 });
    expect(await auditRowsOf(org.id)).toHaveLength(0);
  });

  it("a member cannot update or archive", async () => {
    const org = await organisation("62");
    expect(
      (await call("PATCH", `${base}/${org.id}`, { headers: member62.headers, body: { name: "X" } })).status,
    ).toBe(403);
    expect((await call("POST", `${base}/${org.id}/archive`, { headers: member62.headers })).status).toBe(403);
    expect(await auditRowsOf(org.id)).toHaveLength(0);
  });
});

describe("archiving organisations", () => {
  it("archives once, audits once, and refuses later changes", async () => {
    const org = await organisation("62", { name: "À archiver" });
    const first = await call("POST", `${base}/${org.id}/archive`, { headers: prefecture.headers });
    expect(first.status).toBe(200);
    const archived = (await first.json()) as Organisation;
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.version).toBe(2);
    const again = await call("POST", `${base}/${org.id}/archive`, { headers: prefecture.headers });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ archivedAt: archived.archivedAt, version: 2 });
    const audit = await auditRowsOf(org.id);
    expect(audit.map((a) => a.action)).toEqual(["organisation.archived"]);
    const patch = await call("PATCH", `${base}/${org.id}`, {
      headers: prefecture.headers,
      body: { name: "X" },
    });
    expect(patch.status).toBe(409);
    expect(await patch.json()).toMatchObject({ code: "organisation_archived" });
    const list = (await (await call("GET", base, { headers: prefecture.headers })).json()) as {
      items: Organisation[];
    };
    expect(list.items.some((o) => o.id === org.id)).toBe(false);
  });
});
