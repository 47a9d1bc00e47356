import { beforeAll, describe, expect, it } from "vitest";
import type { Application, NationalPlacementCounts, Offer, OfferPage } from "../../shared/placements";
import {
  auditRowsOf,
  call,
  commune,
  db,
  department,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { acceptedApplication } from "./queries";

/**
 * Offers and applications end to end: who sees and does what, hidden contact fields, filters and
 * counts, the application workflow, If-Match, national counts, audit.
 */
const base = "/api/v1/departments/62/placements";

let host: TestUser;
let gendarme: TestUser;
let cafMember: TestUser;
let prefecture: TestUser;
let national: TestUser;
let member59: TestUser;
const org = { fv: "", gendarmerie: "", caf: "" };
const SECRET_EMAIL = "accueil-secret@fv62.example";
const SECRET_PHONE = "03 21 99 88 77";

const offerBody = (over: Record<string, unknown> = {}) => ({
  hostOrganisationId: org.fv,
  service: "Accueil des victimes",
  title: "Découvrir l'aide aux victimes",
  description: "Accueil, premier entretien, accompagnement au dépôt de plainte.",
  professions: ["gendarmerie", "police"],
  communeInseeCode: "62041",
  halfDays: 4,
  schedule: { kind: "period", start: "2030-03-01", end: "2030-06-30" },
  capacity: 2,
  contact: { name: "Claire Petit", function: "Juriste", email: SECRET_EMAIL, phone: SECRET_PHONE },
  contactHidden: ["email", "phone"],
  ...over,
});

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function createOffer(over: Record<string, unknown> = {}, publish = true) {
  const offer = await json<Offer>(
    await call("POST", base, { headers: host.headers, body: offerBody(over) }),
    201,
  );
  if (!publish) return offer;
  return json<Offer>(await call("POST", `${base}/${offer.id}/publish`, { headers: host.headers }), 200);
}

const applyBody = {
  profession: "gendarmerie",
  wantedStart: "2030-04-02",
  wantedEnd: "2030-04-03",
  motivation: "Mieux orienter les victimes reçues à la brigade.",
};

beforeAll(async () => {
  await department("62");
  await department("59");
  await commune("62", { inseeCode: "62041", siren: "216200410", name: "Arras" });
  await commune("62", { inseeCode: "62767", siren: "216207670", name: "Saint-Pol-sur-Ternoise" });
  const fv = await organisation("62", { name: "France Victimes 62" });
  const gendarmerie = await organisation("62", {
    kind: "gendarmerie",
    name: "Brigade de Saint-Pol-sur-Ternoise",
    rna: null,
    siret: "99900004000011",
  });
  const caf = await organisation("62", {
    kind: "social_security",
    name: "CAF",
    rna: null,
    siret: "99900001000011",
  });
  Object.assign(org, { fv: fv.id, gendarmerie: gendarmerie.id, caf: caf.id });
  host = await user("member", "62", fv.id);
  gendarme = await user("member", "62", gendarmerie.id);
  cafMember = await user("member", "62", caf.id);
  prefecture = await user("prefecture", "62");
  national = await user("national");
  await department("59");
  member59 = await user("member", "59", (await organisation("59")).id);
});

describe("offers", () => {
  it("a host member creates a draft, answered with its ETag and Location, and audited", async () => {
    const res = await call("POST", base, { headers: host.headers, body: offerBody() });
    const offer = await json<Offer>(res, 201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`${base}/${offer.id}`);
    expect(offer).toMatchObject({
      state: "draft",
      status: "draft",
      host: { id: org.fv, name: "France Victimes 62" },
      commune: { inseeCode: "62041", name: "Arras" },
      professions: ["gendarmerie", "police"],
      capacity: 2,
      placesLeft: 2,
      contact: { email: SECRET_EMAIL, phone: SECRET_PHONE },
      viewer: { canManage: true, canApply: false },
    });
    const audit = await auditRowsOf(offer.id);
    expect(audit.map((a) => a.action)).toEqual(["placement_offer.created"]);
  });

  it("refuses an offer for another organisation, an unknown commune and an inverted period (422 with pointers)", async () => {
    const other = await call("POST", base, {
      headers: host.headers,
      body: offerBody({ hostOrganisationId: org.caf }),
    });
    expect((await json<{ errors: { pointer: string }[] }>(other, 422)).errors).toEqual([
      expect.objectContaining({ pointer: "/hostOrganisationId" }),
    ]);
    const commune = await call("POST", base, {
      headers: host.headers,
      body: offerBody({ communeInseeCode: "62999" }),
    });
    expect((await json<{ errors: { pointer: string }[] }>(commune, 422)).errors).toEqual([
      expect.objectContaining({ pointer: "/communeInseeCode" }),
    ]);
    const period = await call("POST", base, {
      headers: host.headers,
      body: offerBody({ schedule: { kind: "period", start: "2030-06-01", end: "2030-05-01" } }),
    });
    expect(res422(await period.json())).toContain("/schedule/end");
    const unknownProfession = await call("POST", base, {
      headers: host.headers,
      body: offerBody({ professions: ["astronaut"] }),
    });
    expect(res422(await unknownProfession.json())).toContain("/professions/0");
  });

  it("keeps drafts from other organisations; the prefecture sees them; national users get 403", async () => {
    const draft = await createOffer({ title: "Brouillon caché" }, false);
    expect((await call("GET", `${base}/${draft.id}`, { headers: gendarme.headers })).status).toBe(404);
    const seen = await json<OfferPage>(
      await call("GET", `${base}?status=draft`, { headers: gendarme.headers }),
      200,
    );
    expect(seen.items.map((o) => o.id)).not.toContain(draft.id);
    const pref = await json<OfferPage>(
      await call("GET", `${base}?status=draft`, { headers: prefecture.headers }),
      200,
    );
    expect(pref.items.map((o) => o.id)).toContain(draft.id);
    expect((await call("GET", base, { headers: national.headers })).status).toBe(403);
    expect((await call("GET", base, { headers: member59.headers })).status).toBe(403);
  });

  it("never sends hidden contact fields to another organisation before its application is accepted", async () => {
    const offer = await createOffer({ title: "Contact masqué" });
    for (const who of [gendarme, cafMember, prefecture]) {
      const res = await call("GET", `${base}/${offer.id}`, { headers: who.headers });
      const text = await res.text();
      expect(res.status).toBe(200);
      const body = JSON.parse(text) as Offer;
      expect(Object.keys(body.contact).sort()).toEqual(["function", "name"]);
      expect(body.contactHidden).toEqual(["email", "phone"]);
      expect(text).not.toContain(SECRET_EMAIL);
      expect(text).not.toContain(SECRET_PHONE);
      const list = await (await call("GET", base, { headers: who.headers })).text();
      expect(list).not.toContain(SECRET_EMAIL);
      expect(list).not.toContain(SECRET_PHONE);
    }
    const app = await json<Application>(
      await call("POST", `${base}/${offer.id}/applications`, { headers: gendarme.headers, body: applyBody }),
      201,
    );
    const pending = await (await call("GET", `${base}/${offer.id}`, { headers: gendarme.headers })).text();
    expect(pending).not.toContain(SECRET_EMAIL);
    await json(
      await call("POST", `${base}/${offer.id}/applications/${app.id}/accept`, { headers: host.headers }),
      200,
    );
    const accepted = await json<Offer>(
      await call("GET", `${base}/${offer.id}`, { headers: gendarme.headers }),
      200,
    );
    expect(accepted.contact).toEqual({
      name: "Claire Petit",
      function: "Juriste",
      email: SECRET_EMAIL,
      phone: SECRET_PHONE,
    });
    // Another organisation still does not get them.
    expect(
      await (await call("GET", `${base}/${offer.id}`, { headers: cafMember.headers })).text(),
    ).not.toContain(SECRET_EMAIL);
  });

  it("updates with If-Match only (428 without, 412 when stale), publishes and closes", async () => {
    const offer = await createOffer({ title: "À modifier" }, false);
    const url = `${base}/${offer.id}`;
    expect((await call("PATCH", url, { headers: host.headers, body: { capacity: 3 } })).status).toBe(428);
    const stale = await call("PATCH", url, {
      headers: { ...host.headers, "if-match": '"7"' },
      body: { capacity: 3 },
    });
    expect(stale.status).toBe(412);
    const res = await call("PATCH", url, {
      headers: { ...host.headers, "if-match": '"1"' },
      body: { capacity: 3, professions: ["justice"] },
    });
    const updated = await json<Offer>(res, 200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(updated).toMatchObject({
      capacity: 3,
      professions: ["justice"],
      contactHidden: ["email", "phone"],
    });
    expect(
      (await call("PATCH", url, { headers: { ...gendarme.headers, "if-match": "*" }, body: {} })).status,
    ).toBe(404);
    const published = await json<Offer>(await call("POST", `${url}/publish`, { headers: host.headers }), 200);
    expect(published.status).toBe("published");
    expect((await call("POST", `${url}/publish`, { headers: host.headers })).status).toBe(409);
    // Others see it now, and may not manage it.
    expect((await call("POST", `${url}/close`, { headers: gendarme.headers })).status).toBe(403);
    const closed = await json<Offer>(await call("POST", `${url}/close`, { headers: host.headers }), 200);
    expect(closed).toMatchObject({ status: "closed", viewer: { canManage: true } });
    // Off the board: an organisation that never applied no longer sees it.
    expect((await call("GET", url, { headers: gendarme.headers })).status).toBe(404);
    const apply = await call("POST", `${url}/applications`, { headers: gendarme.headers, body: applyBody });
    expect(apply.status).toBe(404);
    expect((await auditRowsOf(offer.id)).map((a) => a.action)).toEqual([
      "placement_offer.created",
      "placement_offer.updated",
      "placement_offer.published",
      "placement_offer.closed",
    ]);
  });

  it("keeps the capacity at or above the accepted applications (422 at /capacity)", async () => {
    const offer = await createOffer({ title: "Capacité", capacity: 1 });
    const app = await json<Application>(
      await call("POST", `${base}/${offer.id}/applications`, { headers: gendarme.headers, body: applyBody }),
      201,
    );
    await json(
      await call("POST", `${base}/${offer.id}/applications/${app.id}/accept`, { headers: host.headers }),
      200,
    );
    const current = await json<Offer>(
      await call("GET", `${base}/${offer.id}`, { headers: host.headers }),
      200,
    );
    expect(current.status).toBe("full");
    const res = await call("PATCH", `${base}/${offer.id}`, {
      headers: { ...host.headers, "if-match": `"${current.version}"` },
      body: { capacity: 1, halfDays: 2 },
    });
    expect(res.status).toBe(200);
  });
});

const res422 = (body: unknown) =>
  ((body as { errors?: { pointer: string }[] }).errors ?? []).map((e) => e.pointer);

describe("the board: filters, counts by profession, pagination", () => {
  let ids: Record<string, string>;
  const dept = "/api/v1/departments/62/placements";
  beforeAll(async () => {
    // A fresh host so that these offers are told apart from the other tests' by `host`.
    const hostOrg = await organisation("62", { name: "CIDFF 62" });
    const cidff = await user("member", "62", hostOrg.id);
    const make = async (title: string, over: Record<string, unknown>, publish = true) => {
      const o = await json<Offer>(
        await call("POST", dept, {
          headers: cidff.headers,
          body: { ...offerBody(over), hostOrganisationId: hostOrg.id, title },
        }),
        201,
      );
      if (publish) await json(await call("POST", `${dept}/${o.id}/publish`, { headers: cidff.headers }), 200);
      return o.id;
    };
    ids = {
      a: await make("A", {
        professions: ["police"],
        schedule: { kind: "period", start: "2031-01-01", end: "2031-01-31" },
      }),
      b: await make("B", {
        professions: ["police", "health"],
        communeInseeCode: "62767",
        schedule: { kind: "dates", dates: ["2031-03-02", "2031-03-03"] },
      }),
      c: await make("C", {
        professions: ["health"],
        schedule: { kind: "period", start: "2031-06-01", end: "2031-06-30" },
      }),
      draft: await make("D", { professions: ["police"] }, false),
      expired: await make("E", { professions: ["police"], publishUntil: "2020-01-01" }),
    };
    Object.assign(ids, { host: hostOrg.id });
  });
  const list = async (query: string, who = () => gendarme) =>
    json<OfferPage>(await call("GET", `${dept}?host=${ids.host}&${query}`, { headers: who().headers }), 200);

  it("shows published offers in their window only, soonest first, and counts them by profession", async () => {
    const page = await list("");
    expect(page.items.map((o) => o.title)).toEqual(["A", "B", "C"]);
    expect(page.total).toBe(3);
    expect(page.byProfession).toEqual({ police: 2, health: 2 });
  });

  it("filters by profession (counts keep the other professions), commune, dates and status", async () => {
    const police = await list("profession=police");
    expect(police.items.map((o) => o.title)).toEqual(["A", "B"]);
    expect(police.byProfession).toEqual({ police: 2, health: 2 });
    expect((await list("commune=62767")).items.map((o) => o.title)).toEqual(["B"]);
    expect((await list("from=2031-03-03&to=2031-06-01")).items.map((o) => o.title)).toEqual(["B", "C"]);
    expect((await list("status=full")).items).toEqual([]);
    expect((await list("status=draft", () => prefecture)).items.map((o) => o.title)).toEqual(["D"]);
    const bad = await call("GET", `${dept}?profession=astronaut`, { headers: gendarme.headers });
    expect(res422(await json(bad, 422))).toEqual(["/profession"]);
  });

  it("pages with an opaque cursor", async () => {
    const first = await list("limit=2");
    expect(first.items.map((o) => o.title)).toEqual(["A", "B"]);
    expect(first.nextCursor).toBeTruthy();
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((o) => o.title)).toEqual(["C"]);
    expect(second.nextCursor).toBeNull();
    expect((await call("GET", `${dept}?cursor=garbage`, { headers: gendarme.headers })).status).toBe(400);
  });

  it("the prefecture sees everything, the expired offer included", async () => {
    expect((await list("", () => prefecture)).items.map((o) => o.title)).toEqual(["D", "E", "A", "B", "C"]);
  });
});

describe("applications", () => {
  let offer: Offer;
  beforeAll(async () => {
    offer = await createOffer({ title: "Candidatures", capacity: 2 });
  });
  const apps = () => `${base}/${offer.id}/applications`;

  it("an applicant of another organisation applies; the host cannot apply to its own offer", async () => {
    const own = await call("POST", apps(), { headers: host.headers, body: applyBody });
    expect(res422(await json(own, 422))).toEqual(["/organisationId"]);
    const res = await call("POST", apps(), { headers: gendarme.headers, body: applyBody });
    const app = await json<Application>(res, 201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(app).toMatchObject({
      status: "pending",
      applicantOrganisation: { id: org.gendarmerie, name: "Brigade de Saint-Pol-sur-Ternoise" },
      hostOrganisation: { id: org.fv },
      viewer: { canDecide: false, canWithdraw: true },
    });
    const again = await call("POST", apps(), { headers: gendarme.headers, body: applyBody });
    expect(await json(again, 409)).toMatchObject({ code: "already_applied" });
    const seen = await json<Offer>(
      await call("GET", `${base}/${offer.id}`, { headers: gendarme.headers }),
      200,
    );
    expect(seen.viewer).toEqual({ canManage: false, canApply: false, applicationId: app.id });
  });

  it("refuses dates outside the offer and an unknown key (422 with pointers)", async () => {
    const res = await call("POST", apps(), {
      headers: cafMember.headers,
      body: { ...applyBody, wantedStart: "2030-02-01" },
    });
    expect(res422(await json(res, 422))).toEqual(["/wantedStart"]);
    const unknown = await call("POST", apps(), {
      headers: cafMember.headers,
      body: { ...applyBody, extra: 1 },
    });
    expect(res422(await json(unknown, 422))).toEqual(["/extra"]);
  });

  it("lists every application for the host and the prefecture, one's own organisation's for others", async () => {
    await json(
      await call("POST", apps(), {
        headers: cafMember.headers,
        body: { ...applyBody, profession: "social_work" },
      }),
      201,
    );
    const forHost = await json<{ items: Application[] }>(
      await call("GET", apps(), { headers: host.headers }),
      200,
    );
    expect(forHost.items.map((a) => a.applicantOrganisation.id).sort()).toEqual(
      [org.caf, org.gendarmerie].sort(),
    );
    expect(forHost.items.every((a) => a.viewer.canDecide)).toBe(true);
    const forPref = await json<{ items: Application[] }>(
      await call("GET", apps(), { headers: prefecture.headers }),
      200,
    );
    expect(forPref.items).toHaveLength(2);
    const forCaf = await json<{ items: Application[] }>(
      await call("GET", apps(), { headers: cafMember.headers }),
      200,
    );
    expect(forCaf.items.map((a) => a.applicantOrganisation.id)).toEqual([org.caf]);
    const inbox = await json<{ items: Application[] }>(
      await call("GET", "/api/v1/departments/62/placement-applications?side=host&status=pending", {
        headers: host.headers,
      }),
      200,
    );
    expect(inbox.items.filter((a) => a.offerId === offer.id)).toHaveLength(2);
    const mine = await json<{ items: Application[] }>(
      await call("GET", "/api/v1/departments/62/placement-applications?side=applicant", {
        headers: cafMember.headers,
      }),
      200,
    );
    expect(mine.items.every((a) => a.applicantOrganisation.id === org.caf)).toBe(true);
  });

  it("the host declines with a reason and accepts; others may not decide; a decision is final", async () => {
    const list = await json<{ items: Application[] }>(
      await call("GET", apps(), { headers: host.headers }),
      200,
    );
    const fromCaf = list.items.find((a) => a.applicantOrganisation.id === org.caf) as Application;
    const fromGendarme = list.items.find(
      (a) => a.applicantOrganisation.id === org.gendarmerie,
    ) as Application;
    // The gendarme cannot even see the CAF's application, nor decide on their own.
    expect((await call("POST", `${apps()}/${fromCaf.id}/accept`, { headers: gendarme.headers })).status).toBe(
      404,
    );
    expect(
      (await call("POST", `${apps()}/${fromGendarme.id}/accept`, { headers: gendarme.headers })).status,
    ).toBe(403);
    expect(
      (await call("POST", `${apps()}/${fromCaf.id}/accept`, { headers: prefecture.headers })).status,
    ).toBe(403);
    const noReason = await call("POST", `${apps()}/${fromCaf.id}/decline`, {
      headers: host.headers,
      body: {},
    });
    expect(res422(await json(noReason, 422))).toEqual(["/reason"]);
    const declined = await json<Application>(
      await call("POST", `${apps()}/${fromCaf.id}/decline`, {
        headers: { ...host.headers, "if-match": '"1"' },
        body: { reason: "Dates déjà prises." },
      }),
      200,
    );
    expect(declined).toMatchObject({ status: "declined", decisionReason: "Dates déjà prises.", version: 2 });
    const again = await call("POST", `${apps()}/${fromCaf.id}/accept`, { headers: host.headers });
    expect(await json(again, 409)).toMatchObject({ code: "application_decided" });
    const stale = await call("POST", `${apps()}/${fromGendarme.id}/accept`, {
      headers: { ...host.headers, "if-match": '"5"' },
    });
    expect(stale.status).toBe(412);
    const accepted = await json<Application>(
      await call("POST", `${apps()}/${fromGendarme.id}/accept`, { headers: host.headers }),
      200,
    );
    expect(accepted.status).toBe("accepted");
    const after = await json<Offer>(await call("GET", `${base}/${offer.id}`, { headers: host.headers }), 200);
    expect(after).toMatchObject({ acceptedCount: 1, placesLeft: 1, status: "published" });
    expect((await auditRowsOf(fromGendarme.id)).map((a) => a.action)).toEqual([
      "placement_application.created",
      "placement_application.accepted",
    ]);
  });

  it("acceptedApplication gives the conventions what they name, for accepted applications only", async () => {
    const list = await json<{ items: Application[] }>(
      await call("GET", apps(), { headers: host.headers }),
      200,
    );
    const accepted = list.items.find((a) => a.status === "accepted") as Application;
    const declined = list.items.find((a) => a.status === "declined") as Application;
    expect(await acceptedApplication(db(), "62", accepted.id)).toMatchObject({
      applicationId: accepted.id,
      offerId: offer.id,
      offerTitle: "Candidatures",
      hostOrganisationId: org.fv,
      sendingOrganisationId: org.gendarmerie,
      traineeUserId: gendarme.id,
      traineeEmail: gendarme.email,
      profession: "gendarmerie",
      startsOn: "2030-04-02",
      endsOn: "2030-04-03",
    });
    expect(await acceptedApplication(db(), "62", declined.id)).toBeNull();
    expect(await acceptedApplication(db(), "59", accepted.id)).toBeNull();
  });

  it("only the applicant withdraws; an accepted withdrawal gives the place back", async () => {
    const list = await json<{ items: Application[] }>(
      await call("GET", `${apps()}?status=accepted`, { headers: host.headers }),
      200,
    );
    const accepted = list.items[0] as Application;
    const byHost = await call("POST", `${apps()}/${accepted.id}/withdraw`, {
      headers: host.headers,
      body: {},
    });
    expect(byHost.status).toBe(403);
    const withdrawn = await json<Application>(
      await call("POST", `${apps()}/${accepted.id}/withdraw`, {
        headers: gendarme.headers,
        body: { reason: "Mutation." },
      }),
      200,
    );
    expect(withdrawn).toMatchObject({ status: "withdrawn", viewer: { canWithdraw: false } });
    const after = await json<Offer>(await call("GET", `${base}/${offer.id}`, { headers: host.headers }), 200);
    expect(after).toMatchObject({ acceptedCount: 0, placesLeft: 2 });
    const twice = await call("POST", `${apps()}/${accepted.id}/withdraw`, {
      headers: gendarme.headers,
      body: {},
    });
    expect(await json(twice, 409)).toMatchObject({ code: "application_closed" });
    // Withdrawn, the gendarme may apply again.
    await json(await call("POST", apps(), { headers: gendarme.headers, body: applyBody }), 201);
  });

  it("hides an application from a third organisation (404)", async () => {
    const list = await json<{ items: Application[] }>(
      await call("GET", apps(), { headers: gendarme.headers }),
      200,
    );
    const own = list.items[0] as Application;
    expect((await call("GET", `${apps()}/${own.id}`, { headers: cafMember.headers })).status).toBe(404);
    const read = await call("GET", `${apps()}/${own.id}`, { headers: gendarme.headers });
    expect(read.headers.get("etag")).toBe(`"${own.version}"`);
  });
});

describe("national counts", () => {
  it("national users read counts per département, never offers", async () => {
    const counts = await json<NationalPlacementCounts>(
      await call("GET", "/api/v1/national/placements", { headers: national.headers }),
      200,
    );
    const d62 = counts.departments.find((d) => d.departmentCode === "62");
    expect(d62?.departmentName).toBe("Pas-de-Calais");
    expect(d62?.offers.draft).toBeGreaterThan(0);
    expect(d62?.offers.full).toBeGreaterThan(0);
    expect(d62?.applications.accepted).toBeGreaterThan(0);
    expect(counts.departments.map((d) => d.departmentCode)).not.toContain("59");
    expect(JSON.stringify(counts)).not.toContain("Claire Petit");
    expect((await call("GET", "/api/v1/national/placements", { headers: prefecture.headers })).status).toBe(
      403,
    );
  });
});
