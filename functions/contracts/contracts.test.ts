import { beforeAll, describe, expect, it } from "vitest";
import type { Contract, ContractListItem, ContractVersion } from "../../shared/contracts";
import {
  auditRowsOf,
  callAt,
  commune,
  department,
  epci,
  epciMembers,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";

/**
 * The contracts API end to end: lifecycle, roles ("Who does what"), If-Match, amendments and
 * history, filters, coverage and exports. Documents and the summary PDF have their own files.
 */
const base = "/api/v1/departments/62/contracts";
const JUNE = "2026-06-20T10:00:00Z";

let coordinator: TestUser;
let cafMember: TestUser;
let chMember: TestUser;
let fvMember: TestUser;
let outsider: TestUser;
let prefecture: TestUser;
let national: TestUser;
let prefecture59: TestUser;
const org = { cu: "", bethune: "", caf: "", ch: "", fv: "", pref: "" };

beforeAll(async () => {
  await department("62");
  await department("59");
  await commune("62", { inseeCode: "62041", siren: "216200410", name: "Arras", population: 42875 });
  await commune("62", { inseeCode: "62004", siren: "216200048", name: "Achicourt", population: 7899 });
  await commune("62", {
    inseeCode: "62753",
    siren: "216207530",
    name: "Saint-Laurent-Blangy",
    population: 6492,
  });
  await commune("62", { inseeCode: "62119", siren: "216201190", name: "Béthune", population: 25000 });
  await epci("62");
  await epciMembers("62", "200033579", ["62041", "62004", "62753"]);
  const cu = await organisation("62", {
    kind: "epci",
    name: "Communauté urbaine d'Arras",
    siren: "200033579",
    rna: null,
  });
  const bethune = await organisation("62", {
    kind: "commune",
    name: "Béthune",
    inseeCode: "62119",
    siren: "216201190",
    rna: null,
  });
  const caf = await organisation("62", {
    kind: "social_security",
    name: "CAF du Pas-de-Calais",
    rna: null,
    siret: "99900001000011",
  });
  const ch = await organisation("62", {
    kind: "health",
    name: "Centre hospitalier d'Arras",
    rna: null,
    siret: "99900002000011",
  });
  const fv = await organisation("62", { name: "France Victimes 62" });
  const other = await organisation("62", { name: "Autre association" });
  const pref = await organisation("62", {
    kind: "state_service",
    name: "Préfecture du Pas-de-Calais",
    rna: null,
    siret: "99900003000011",
  });
  Object.assign(org, { cu: cu.id, bethune: bethune.id, caf: caf.id, ch: ch.id, fv: fv.id, pref: pref.id });
  coordinator = await user("member", "62", cu.id);
  cafMember = await user("member", "62", caf.id);
  chMember = await user("member", "62", ch.id);
  fvMember = await user("member", "62", fv.id);
  outsider = await user("member", "62", other.id);
  prefecture = await user("prefecture", "62", pref.id);
  national = await user("national");
  prefecture59 = await user("prefecture", "59");
});

const newContract = (over: Record<string, unknown> = {}) => ({
  title: "Contrat local de la CU d'Arras",
  carrierOrganisationId: org.cu,
  council: "cispd",
  coordinator: { name: "Hélène Lefèvre", function: "Coordinatrice du CISPD", email: "h.lefevre@cu-arras.fr" },
  startsOn: "2026-07-01",
  endsOn: "2029-06-30",
  signatories: [
    { organisationId: org.cu, role: "Collectivité porteuse" },
    { organisationId: org.caf, role: "Accès aux droits" },
    { organisationId: org.ch, role: "Soins et constatations" },
    { organisationId: org.fv, role: "Aide aux victimes" },
  ],
  ...over,
});

async function create(over: Record<string, unknown> = {}, who = coordinator, at = JUNE) {
  const res = await callAt(at, "POST", base, { headers: who.headers, body: newContract(over) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Contract;
}

/** The items of a list answer. */
const itemsOf = async <T = ContractListItem>(res: Response | Promise<Response>) =>
  ((await (await res).json()) as { items: T[] }).items;

const signature = (name: string, signedOn = "2026-06-15") => ({
  signerName: name,
  signerFunction: "Directeur",
  signedOn,
});

async function sign(id: string, who: TestUser, orgId: string, at = JUNE, signedOn = "2026-06-15") {
  return callAt(at, "PUT", `${base}/${id}/signatories/${orgId}/signature`, {
    headers: who.headers,
    body: signature(`Signataire ${orgId.slice(-4)}`, signedOn),
  });
}

async function signedContract(over: Record<string, unknown> = {}) {
  const c = await create(over);
  for (const [who, id] of [
    [coordinator, org.cu],
    [cafMember, org.caf],
    [chMember, org.ch],
    [fvMember, org.fv],
  ] as const) {
    expect((await sign(c.id, who, id)).status).toBe(200);
  }
  const res = await callAt(JUNE, "GET", `${base}/${c.id}`, { headers: coordinator.headers });
  return (await res.json()) as Contract;
}

describe("creating a contract", () => {
  it("the coordinator of the CU d'Arras creates a draft covering the EPCI's communes, with the sheet's five components", async () => {
    const res = await callAt(JUNE, "POST", base, { headers: coordinator.headers, body: newContract() });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    const c = (await res.json()) as Contract;
    expect(c.status).toBe("draft");
    expect(c.carrier).toEqual({ id: org.cu, name: "Communauté urbaine d'Arras", kind: "epci" });
    expect(c.communes.map((x) => x.name)).toEqual(["Achicourt", "Arras", "Saint-Laurent-Blangy"]);
    expect(c.population).toBe(42875 + 7899 + 6492);
    expect(c.components.map((x) => [x.key, x.state])).toEqual([
      ["victim_care_protocol", "planned"],
      ["resource_person", "planned"],
      ["risk_assessment_grid", "planned"],
      ["training", "planned"],
      ["operational_cells", "planned"],
    ]);
    expect(c.can).toMatchObject({ edit: true, manageSignatories: true, sign: [org.cu], terminate: false });
    const audit = await auditRowsOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(["contract.created"]);
  });

  it("a commune carries its own territory by default", async () => {
    const carrierOfBethune = await user("member", "62", org.bethune);
    const c = await create(
      { carrierOrganisationId: org.bethune, council: "clspd", signatories: [] },
      carrierOfBethune,
    );
    expect(c.communes.map((x) => x.inseeCode)).toEqual(["62119"]);
  });

  it("only members of the carrying collectivity create its contracts", async () => {
    for (const who of [cafMember, outsider]) {
      const res = await callAt(JUNE, "POST", base, { headers: who.headers, body: newContract() });
      expect(res.status).toBe(403);
    }
    for (const who of [prefecture, national]) {
      const res = await callAt(JUNE, "POST", base, { headers: who.headers, body: newContract() });
      expect(res.status).toBe(403);
    }
  });

  it("refuses a carrier that is not a commune or an EPCI, unknown keys and bad fields, with pointers", async () => {
    const notCarrier = await callAt(JUNE, "POST", base, {
      headers: cafMember.headers,
      body: newContract({ carrierOrganisationId: org.caf }),
    });
    expect(notCarrier.status).toBe(422);
    expect(((await notCarrier.json()) as { errors: unknown }).errors).toEqual([
      expect.objectContaining({ in: "body", pointer: "/carrierOrganisationId" }),
    ]);
    const res = await callAt(JUNE, "POST", base, {
      headers: coordinator.headers,
      body: newContract({
        colour: "rouge",
        coordinator: { name: "x", function: "y", email: "pas-une-adresse" },
        communes: ["62041", "59350"],
        endsOn: "2026-06-30",
      }),
    });
    expect(res.status).toBe(422);
    const pointers = (((await res.json()) as { errors: unknown[] }).errors as { pointer: string }[]).map(
      (e) => e.pointer,
    );
    expect(pointers).toEqual(expect.arrayContaining(["/colour", "/coordinator/email"]));
    const domain = await callAt(JUNE, "POST", base, {
      headers: coordinator.headers,
      body: newContract({ communes: ["62041", "59350"], endsOn: "2026-06-30" }),
    });
    expect(((await domain.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(
      ["/communes/1", "/endsOn"],
    );
  });
});

describe("who sees a contract", () => {
  it("the carrier's and signatories' members, the prefecture and national users; another member gets 404", async () => {
    const c = await create();
    for (const who of [coordinator, cafMember, prefecture, national]) {
      const res = await callAt(JUNE, "GET", `${base}/${c.id}`, { headers: who.headers });
      expect(res.status).toBe(200);
    }
    const hidden = await callAt(JUNE, "GET", `${base}/${c.id}`, { headers: outsider.headers });
    expect(hidden.status).toBe(404);
    const list = await callAt(JUNE, "GET", `${base}?limit=200`, { headers: outsider.headers });
    expect((await itemsOf(list)).some((x) => x.id === c.id)).toBe(false);
    // Another département's user: 403 through 62's address, 404 through their own.
    expect((await callAt(JUNE, "GET", `${base}/${c.id}`, { headers: prefecture59.headers })).status).toBe(
      403,
    );
    const own = await callAt(JUNE, "GET", `/api/v1/departments/59/contracts/${c.id}`, {
      headers: prefecture59.headers,
    });
    expect(own.status).toBe(404);
  });

  it("national users read everything and write nothing", async () => {
    const c = await create();
    const patch = await callAt(JUNE, "PATCH", `${base}/${c.id}`, {
      headers: { ...national.headers, "if-match": '"1"' },
      body: { title: "x" },
    });
    expect(patch.status).toBe(403);
    const signed = await callAt(JUNE, "PUT", `${base}/${c.id}/signatories/${org.caf}/signature`, {
      headers: national.headers,
      body: signature("x"),
    });
    expect(signed.status).toBe(403);
  });
});

describe("editing with If-Match", () => {
  it("428 without If-Match, 412 when stale, 200 with the current version (and the ETag moves)", async () => {
    const c = await create();
    const url = `${base}/${c.id}`;
    const none = await callAt(JUNE, "PATCH", url, {
      headers: coordinator.headers,
      body: { title: "Nouveau" },
    });
    expect(none.status).toBe(428);
    const ok = await callAt(JUNE, "PATCH", url, {
      headers: { ...coordinator.headers, "if-match": '"1"' },
      body: {
        title: "Contrat local — Arras",
        components: [{ key: "training", state: "in_progress", text: "Primo-accueil" }],
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('"2"');
    const stale = await callAt(JUNE, "PATCH", url, {
      headers: { ...coordinator.headers, "if-match": '"1"' },
      body: { title: "Écrasé" },
    });
    expect(stale.status).toBe(412);
    const now = (await (await callAt(JUNE, "GET", url, { headers: coordinator.headers })).json()) as Contract;
    expect(now.title).toBe("Contrat local — Arras");
    expect(now.components.find((x) => x.key === "training")).toMatchObject({
      state: "in_progress",
      text: "Primo-accueil",
    });
  });

  it("a signatory that does not carry the contract cannot edit it (403)", async () => {
    const c = await create();
    const res = await callAt(JUNE, "PATCH", `${base}/${c.id}`, {
      headers: { ...cafMember.headers, "if-match": '"1"' },
      body: { title: "x" },
    });
    expect(res.status).toBe(403);
  });
});

describe("signatures", () => {
  it("each signatory records its own signature; the contract is signed only when all have signed", async () => {
    const c = await create();
    expect((await sign(c.id, cafMember, org.caf)).status).toBe(200);
    // A member records only their own organisation's signature.
    expect((await sign(c.id, cafMember, org.ch)).status).toBe(403);
    expect((await sign(c.id, coordinator, org.cu)).status).toBe(200);
    const three = (await (await sign(c.id, chMember, org.ch, JUNE, "2026-06-18")).json()) as Contract;
    expect(three.status).toBe("draft");
    const all = (await (await sign(c.id, fvMember, org.fv, JUNE, "2026-06-16")).json()) as Contract;
    expect(all.status).toBe("signed");
    expect(all.signedOn).toBe("2026-06-18");
    expect(all.signatories.every((s) => s.signedOn)).toBe(true);
    const actions = (await auditRowsOf(c.id)).map((a) => a.action);
    expect(actions).toEqual([
      "contract.created",
      "contract.signature",
      "contract.signature",
      "contract.signature",
      "contract.signed",
    ]);
  });

  it("a future signature day is refused; an organisation that does not sign it gets 404", async () => {
    const c = await create({ signatories: [{ organisationId: org.caf, role: "Accès aux droits" }] });
    const future = await sign(c.id, cafMember, org.caf, JUNE, "2026-06-21");
    expect(future.status).toBe(422);
    expect(((await future.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe("/signedOn");
    expect((await sign(c.id, chMember, org.ch)).status).toBe(404);
  });

  it("signatories are added and removed while a draft, by the carrier only", async () => {
    const c = await create({ signatories: [] });
    const added = await callAt(JUNE, "POST", `${base}/${c.id}/signatories`, {
      headers: coordinator.headers,
      body: { organisationId: org.ch, role: "Soins" },
    });
    expect(added.status).toBe(200);
    expect(((await added.json()) as Contract).signatories.map((s) => s.organisationName)).toEqual([
      "Centre hospitalier d'Arras",
    ]);
    const twice = await callAt(JUNE, "POST", `${base}/${c.id}/signatories`, {
      headers: coordinator.headers,
      body: { organisationId: org.ch, role: "Soins" },
    });
    expect(twice.status).toBe(422);
    const byOther = await callAt(JUNE, "DELETE", `${base}/${c.id}/signatories/${org.ch}`, {
      headers: chMember.headers,
    });
    expect(byOther.status).toBe(403);
    const removed = await callAt(JUNE, "DELETE", `${base}/${c.id}/signatories/${org.ch}`, {
      headers: coordinator.headers,
    });
    expect(((await removed.json()) as Contract).signatories).toEqual([]);
  });
});

describe("status computed at read time, in Europe/Paris", () => {
  it("signed the day before the start, in force from midnight in Paris on the start day, expired the day after the end", async () => {
    const c = await signedContract();
    const statusAt = async (at: string) =>
      (
        (await (
          await callAt(at, "GET", `${base}/${c.id}`, { headers: prefecture.headers })
        ).json()) as Contract
      ).status;
    expect(await statusAt("2026-06-30T21:59:59Z")).toBe("signed");
    expect(await statusAt("2026-06-30T22:00:00Z")).toBe("in_force");
    expect(await statusAt("2029-06-30T21:59:59Z")).toBe("in_force");
    expect(await statusAt("2029-06-30T22:00:00Z")).toBe("expired");
    const inForce = await callAt("2026-07-01T08:00:00Z", "GET", `${base}?status=in_force&limit=200`, {
      headers: prefecture.headers,
    });
    expect((await itemsOf(inForce)).map((x) => x.id)).toContain(c.id);
    const signedList = await callAt("2026-06-30T12:00:00Z", "GET", `${base}?status=in_force&limit=200`, {
      headers: prefecture.headers,
    });
    expect((await itemsOf(signedList)).map((x) => x.id)).not.toContain(c.id);
  });

  it("once signed, dates and territory change only by amendment; components' progress still by edit", async () => {
    const c = await signedContract();
    const res = await callAt(JUNE, "PATCH", `${base}/${c.id}`, {
      headers: { ...coordinator.headers, "if-match": `"${c.version}"` },
      body: { endsOn: "2030-06-30" },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({
        pointer: "/endsOn",
        detail: "Le contrat est signé : ce changement passe par un avenant.",
      }),
    ]);
    const progress = await callAt(JUNE, "PATCH", `${base}/${c.id}`, {
      headers: { ...coordinator.headers, "if-match": `"${c.version}"` },
      body: {
        components: [{ key: "resource_person", state: "done", text: "Référente : service prévention" }],
      },
    });
    expect(progress.status).toBe(200);
  });
});

describe("amendments and history", () => {
  it("an amendment changes dates, territory and signatories, keeps the previous version and says who changed what", async () => {
    const c = await signedContract();
    const url = `${base}/${c.id}/amendments`;
    const body = {
      signedOn: "2026-06-19",
      summary: "Avenant n° 1 : prolongation d'un an et retrait de la CAF",
      changes: {
        endsOn: "2030-06-30",
        communes: ["62041", "62004", "62753", "62119"],
        removeSignatories: [org.caf],
      },
    };
    expect((await callAt(JUNE, "POST", url, { headers: coordinator.headers, body })).status).toBe(428);
    expect(
      (
        await callAt(JUNE, "POST", url, {
          headers: { ...cafMember.headers, "if-match": `"${c.version}"` },
          body,
        })
      ).status,
    ).toBe(403);
    const res = await callAt(JUNE, "POST", url, {
      headers: { ...coordinator.headers, "if-match": `"${c.version}"` },
      body,
    });
    expect(res.status).toBe(201);
    const amended = (await res.json()) as Contract;
    expect(amended.endsOn).toBe("2030-06-30");
    expect(amended.amendments).toBe(1);
    expect(amended.signatories.map((s) => s.organisationId)).not.toContain(org.caf);
    expect(amended.population).toBe(42875 + 7899 + 6492 + 25000);

    const history = await itemsOf<ContractVersion>(
      callAt(JUNE, "GET", `${base}/${c.id}/versions`, { headers: prefecture.headers }),
    );
    expect(history.map((v) => v.kind)).toEqual([
      "created",
      "signature",
      "signature",
      "signature",
      "signed",
      "amendment",
    ]);
    const last = history.at(-1) as ContractVersion;
    expect(last.amendment).toEqual({ number: 1, signedOn: "2026-06-19", summary: body.summary });
    expect(last.changed).toEqual(["endsOn", "communes", "signatories"]);
    expect(last.actor?.email).toBe(coordinator.email);
    expect(history.at(-2)?.snapshot.endsOn).toBe("2029-06-30");
    const amendments = await itemsOf(callAt(JUNE, "GET", url, { headers: national.headers }));
    expect(amendments).toHaveLength(1);
  });

  it("an amendment to a draft is refused (409)", async () => {
    const c = await create();
    const res = await callAt(JUNE, "POST", `${base}/${c.id}/amendments`, {
      headers: { ...coordinator.headers, "if-match": '"1"' },
      body: { signedOn: "2026-06-19", summary: "x", changes: { endsOn: null } },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("contract_draft");
  });
});

describe("termination and comments", () => {
  it("the prefecture terminates a signed contract with a reason and a date; the carrier cannot", async () => {
    const c = await signedContract();
    const body = { terminatedOn: "2026-06-20", reason: "Dissolution du CISPD" };
    expect(
      (await callAt(JUNE, "POST", `${base}/${c.id}/termination`, { headers: coordinator.headers, body }))
        .status,
    ).toBe(403);
    const res = await callAt(JUNE, "POST", `${base}/${c.id}/termination`, {
      headers: prefecture.headers,
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "terminated",
      terminationReason: "Dissolution du CISPD",
    });
    const again = await callAt(JUNE, "POST", `${base}/${c.id}/termination`, {
      headers: prefecture.headers,
      body,
    });
    expect(again.status).toBe(409);
    expect((await auditRowsOf(c.id)).at(-1)?.action).toBe("contract.terminated");
  });

  it("the prefecture and the carrier comment; a signatory reads the comments", async () => {
    const c = await create();
    const res = await callAt(JUNE, "POST", `${base}/${c.id}/comments`, {
      headers: prefecture.headers,
      body: { text: "Penser à associer le bailleur social." },
    });
    expect(res.status).toBe(201);
    expect(
      (
        await callAt(JUNE, "POST", `${base}/${c.id}/comments`, {
          headers: cafMember.headers,
          body: { text: "x" },
        })
      ).status,
    ).toBe(403);
    const list = await callAt(JUNE, "GET", `${base}/${c.id}/comments`, { headers: cafMember.headers });
    expect(await itemsOf(list)).toEqual([
      expect.objectContaining({ text: "Penser à associer le bailleur social.", authorRole: "prefecture" }),
    ]);
  });
});

describe("lists, coverage and exports", () => {
  it("filters by carrier, commune covered and end date, and pages with a cursor", async () => {
    const carrierOfBethune = await user("member", "62", org.bethune);
    const bethune = await create(
      { carrierOrganisationId: org.bethune, council: "clspd", signatories: [], endsOn: "2027-01-31" },
      carrierOfBethune,
    );
    const get = async (q: string) =>
      (await itemsOf(callAt(JUNE, "GET", `${base}?${q}`, { headers: prefecture.headers }))).map((x) => x.id);
    const ofBethune = await get(`carrier=${org.bethune}`);
    expect(ofBethune).toContain(bethune.id);
    const carriers = (
      (await (
        await callAt(JUNE, "GET", `${base}?carrier=${org.bethune}`, { headers: prefecture.headers })
      ).json()) as {
        items: ContractListItem[];
      }
    ).items.map((x) => x.carrier.id);
    expect(new Set(carriers)).toEqual(new Set([org.bethune]));
    expect(await get("commune=62119&endingBefore=2027-02-01")).toContain(bethune.id);
    expect(await get("commune=62119&endingBefore=2027-01-31")).not.toContain(bethune.id);
    expect(await get("commune=62041")).not.toContain(bethune.id);
    const all = await get("limit=200");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (
        await callAt(JUNE, "GET", `${base}?${q}`, { headers: prefecture.headers })
      ).json()) as {
        items: ContractListItem[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const bad = await callAt(JUNE, "GET", `${base}?status=valid`, { headers: prefecture.headers });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: unknown[] }).errors[0]).toMatchObject({
      in: "query",
      pointer: "/status",
    });
  });

  it("coverage counts each commune once, its share of the département, on a given day", async () => {
    const res = await callAt(JUNE, "GET", "/api/v1/departments/62/contract-coverage?on=2026-07-01", {
      headers: national.headers,
    });
    const coverage = (await res.json()) as Record<string, number>;
    expect(coverage).toMatchObject({ on: "2026-07-01", population: 42875 + 7899 + 6492 + 25000 });
    expect(coverage.contractsInForce).toBeGreaterThan(0);
    expect(coverage.coveredPopulation).toBe(42875 + 7899 + 6492 + 25000);
    expect(coverage.share).toBe(1);
  });

  it("exports the list as CSV for Excel (BOM, semicolons), formulas neutralised", async () => {
    await create({ title: '=HYPERLINK("x")' });
    const res = await callAt(JUNE, "GET", `/api/v1/departments/62/contracts.csv`, {
      headers: prefecture.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith("\ufeffid;intitulé;porteur;")).toBe(true);
    expect(text).toContain(";Contrat local de la CU d'Arras;Communauté urbaine d'Arras;CISPD;Brouillon;");
    expect(text).toContain(`;"'=HYPERLINK(""x"")";`);
  });

  it("the prefecture adds a component of its own; every contract then shows it; a member cannot", async () => {
    const url = "/api/v1/departments/62/contract-components";
    expect(
      (await callAt(JUNE, "POST", url, { headers: coordinator.headers, body: { label: "x" } })).status,
    ).toBe(403);
    const res = await callAt(JUNE, "POST", url, {
      headers: prefecture.headers,
      body: { label: "Accueil de jour" },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ key: "local_accueil_de_jour", builtIn: false });
    const c = await create();
    expect(c.components.at(-1)).toMatchObject({ key: "local_accueil_de_jour", state: "planned" });
  });
});
