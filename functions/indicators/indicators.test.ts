import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Catalogue, Indicator, IndicatorRevision } from "../../shared/catalogue";
import { auditRowsOf, call, db, department, organisation, type TestUser, user } from "../../test/factories";
import { measures } from "./schema";

let national: TestUser;
let prefecture62: TestUser;
let prefecture59: TestUser;
let member62: TestUser;
let member59: TestUser;
let org62: { id: string; name: string };
let otherOrg62: { id: string; name: string };
let archivedOrg62: { id: string };
let org59: { id: string };

const json = async <T>(res: Response) => (await res.json()) as T;

/** Stores a value of an indicator the way the reports service does (current value + history). */
async function storeValue(departmentCode: string, indicator: string, opts: { historyOnly?: boolean } = {}) {
  const now = new Date().toISOString();
  if (!opts.historyOnly)
    await env.DB.prepare(
      "insert into report_values (department_code, period, indicator_code, state, value, updated_at) values (?, '2026-Q3', ?, 'value', '4', ?)",
    )
      .bind(departmentCode, indicator, now)
      .run();
  await env.DB.prepare(
    "insert into report_value_history (department_code, id, period, indicator_code, state, value, changed_at, source, request_id) values (?, ?, '2026-Q3', ?, 'value', '4', ?, 'api', 'test')",
  )
    .bind(departmentCode, crypto.randomUUID(), indicator, now)
    .run();
}

async function createNational(body: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/indicators", {
    headers: national.headers,
    body: {
      measureNumber: 48,
      label: "Téléphones grave danger attribués",
      unit: "count",
      periodicity: "quarterly",
      ...body,
    },
  });
  expect(res.status).toBe(201);
  return json<Indicator>(res);
}

async function createLocal(sheetCode = "2.5", label = "Nombre de femmes accueillies") {
  const res = await call("POST", "/api/v1/departments/62/indicators", {
    headers: prefecture62.headers,
    body: { sheetCode, label, unit: "count", periodicity: "annual" },
  });
  expect(res.status).toBe(201);
  return json<Indicator>(res);
}

async function catalogueOf(code: string, u: TestUser, query = "") {
  const res = await call("GET", `/api/v1/departments/${code}/catalogue${query}`, { headers: u.headers });
  expect(res.status).toBe(200);
  return json<Catalogue>(res);
}

beforeAll(async () => {
  await department("62");
  await department("59");
  await db()
    .insert(measures)
    .values([
      { number: 48, origin: "merignac", text: "Téléphones grave danger", pilot: "Justice" },
      { number: 53, origin: "merignac", text: "Gouvernance", pilot: "Intérieur" },
    ]);
  org62 = await organisation("62", { name: "France Victimes 62" });
  otherOrg62 = await organisation("62", { name: "CIDFF 62" });
  archivedOrg62 = await organisation("62", { archivedAt: new Date().toISOString() });
  org59 = await organisation("59");
  national = await user("national");
  prefecture62 = await user("prefecture", "62");
  prefecture59 = await user("prefecture", "59");
  member62 = await user("member", "62", org62.id);
  member59 = await user("member", "59", org59.id);

  for (const [code, title] of [
    ["2", "Accueil des victimes"],
    ["4", "Coordonner"],
  ])
    expect(
      (
        await call("POST", "/api/v1/departments/62/axes", {
          headers: prefecture62.headers,
          body: { code, title },
        })
      ).status,
    ).toBe(201);
  const sheet = await call("POST", "/api/v1/departments/62/action-sheets", {
    headers: prefecture62.headers,
    body: {
      code: "2.5",
      axisCode: "2",
      title: "Accueils de jour",
      pilotOrganisationId: org62.id,
      partners: "CAF, CPAM",
    },
  });
  expect(sheet.status).toBe(201);
  expect(
    (
      await call("POST", "/api/v1/departments/59/axes", {
        headers: prefecture59.headers,
        body: { code: "2", title: "Axe du Nord" },
      })
    ).status,
  ).toBe(201);
});

describe("national catalogue", () => {
  it("national creates indicators numbered N<measure>-<n>; every signed-in user reads them with their measure", async () => {
    const first = await createNational();
    const second = await createNational({ label: "Téléphones grave danger disponibles", target: 10 });
    expect(first).toMatchObject({ code: "N48-1", scope: "national", departmentCode: null, version: 1 });
    expect(second).toMatchObject({ code: "N48-2", target: 10 });

    const list = await json<{ items: Indicator[] }>(
      await call("GET", "/api/v1/indicators", { headers: member59.headers }),
    );
    expect(list.items.map((i) => i.code)).toEqual(expect.arrayContaining(["N48-1", "N48-2"]));
    const res = await call("GET", "/api/v1/measures", { headers: member62.headers });
    const { items } = await json<{ items: { number: number; indicators: Indicator[] }[] }>(res);
    expect(items.map((m) => m.number)).toEqual([48, 53]);
    expect(items[0]?.indicators.map((i) => i.code)).toEqual(expect.arrayContaining(["N48-1", "N48-2"]));
    expect((await auditRowsOf("N48-1"))[0]).toMatchObject({
      action: "indicator.created",
      departmentCode: null,
    });
  });

  it("refuses an unknown measure and a derived computation of another unit (422 with pointers)", async () => {
    const res = await call("POST", "/api/v1/indicators", {
      headers: national.headers,
      body: {
        measureNumber: 99,
        label: "Organisations",
        unit: "percent",
        periodicity: "quarterly",
        derivedKey: "organisations.total",
      },
    });
    expect(res.status).toBe(422);
    const problem = await json<{ errors: { pointer: string }[] }>(res);
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(["/measureNumber", "/unit"]);
  });

  it("a prefecture or a member cannot create a national indicator", async () => {
    for (const u of [prefecture62, member62]) {
      const res = await call("POST", "/api/v1/indicators", {
        headers: u.headers,
        body: { measureNumber: 48, label: "Essai de création", unit: "count", periodicity: "quarterly" },
      });
      expect(res.status).toBe(403);
    }
  });

  it("label changes keep history: each label and target is a revision, with who and when", async () => {
    const created = await createNational({ label: "Bracelets anti-rapprochement", measureNumber: 53 });
    const res = await call("PATCH", `/api/v1/indicators/${created.code}`, {
      headers: { ...national.headers, "if-match": '"1"' },
      body: { label: "Bracelets anti-rapprochement prononcés", target: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(await json<Indicator>(res)).toMatchObject({
      label: "Bracelets anti-rapprochement prononcés",
      version: 2,
    });
    const revisions = await json<{ items: IndicatorRevision[] }>(
      await call("GET", `/api/v1/indicators/${created.code}/revisions`, { headers: member62.headers }),
    );
    expect(revisions.items).toMatchObject([
      { version: 1, label: "Bracelets anti-rapprochement", target: null },
      { version: 2, label: "Bracelets anti-rapprochement prononcés", target: 5, changedBy: national.email },
    ]);
    const audit = await auditRowsOf(created.code);
    expect(audit.map((a) => a.action)).toEqual(["indicator.created", "indicator.updated"]);
  });

  it("a stale If-Match answers 412 and changes nothing", async () => {
    const created = await createNational({ label: "Plaintes prises à l'hôpital" });
    const res = await call("PATCH", `/api/v1/indicators/${created.code}`, {
      headers: { ...national.headers, "if-match": '"7"' },
      body: { label: "Autre libellé" },
    });
    expect(res.status).toBe(412);
    const after = await json<Indicator>(
      await call("GET", `/api/v1/indicators/${created.code}`, { headers: national.headers }),
    );
    expect(after).toMatchObject({ label: "Plaintes prises à l'hôpital", version: 1 });
  });

  it("the unit changes while no value exists, then is frozen (409 at /unit)", async () => {
    const created = await createNational({ label: "Part des plaintes", unit: "count" });
    const ok = await call("PATCH", `/api/v1/indicators/${created.code}`, {
      headers: national.headers,
      body: { unit: "percent" },
    });
    expect(ok.status).toBe(200);
    expect((await json<Indicator>(ok)).unit).toBe("percent");
    await storeValue("62", created.code);
    const res = await call("PATCH", `/api/v1/indicators/${created.code}`, {
      headers: national.headers,
      body: { unit: "count" },
    });
    expect(res.status).toBe(409);
    expect((await json<{ errors: { pointer: string }[] }>(res)).errors[0]?.pointer).toBe("/unit");
  });

  it("an indicator with values cannot be deleted (409, retirez-le plutôt), only retired; retired ones stay in past reports", async () => {
    const created = await createNational({ label: "Saisies d'armes", measureNumber: 53 });
    await storeValue("62", created.code);
    const del = await call("DELETE", `/api/v1/indicators/${created.code}`, { headers: national.headers });
    expect(del.status).toBe(409);
    expect((await json<{ detail: string }>(del)).detail).toContain("retirez-le plutôt");

    const retired = await call("POST", `/api/v1/indicators/${created.code}/retire`, {
      headers: national.headers,
    });
    expect(retired.status).toBe(200);
    expect((await json<Indicator>(retired)).retiredAt).not.toBeNull();

    const active = await json<{ items: Indicator[] }>(
      await call("GET", "/api/v1/indicators", { headers: national.headers }),
    );
    expect(active.items.map((i) => i.code)).not.toContain(created.code);
    const all = await json<{ items: Indicator[] }>(
      await call("GET", "/api/v1/indicators?includeRetired=true", { headers: national.headers }),
    );
    expect(all.items.map((i) => i.code)).toContain(created.code);

    const frozen = await call("PATCH", `/api/v1/indicators/${created.code}`, {
      headers: national.headers,
      body: { label: "Nouveau libellé" },
    });
    expect(frozen.status).toBe(409);

    const report = await json<{ items: { indicator: string; retired: boolean; value: unknown }[] }>(
      await call("GET", "/api/v1/departments/62/periods/2026-Q3/report", { headers: prefecture62.headers }),
    );
    expect(report.items.find((i) => i.indicator === created.code)).toMatchObject({ retired: true, value: 4 });
  });

  it("a value kept only in history also blocks deletion", async () => {
    const created = await createNational({ label: "Valeur effacée depuis", measureNumber: 53 });
    await storeValue("59", created.code, { historyOnly: true });
    expect(
      (await call("DELETE", `/api/v1/indicators/${created.code}`, { headers: national.headers })).status,
    ).toBe(409);
  });

  it("deletes an indicator without values, and never reuses its code", async () => {
    const a = await createNational({ label: "Indicateur créé par erreur", measureNumber: 53 });
    const del = await call("DELETE", `/api/v1/indicators/${a.code}`, { headers: national.headers });
    expect(del.status).toBe(204);
    expect((await call("GET", `/api/v1/indicators/${a.code}`, { headers: national.headers })).status).toBe(
      404,
    );
    const b = await createNational({ label: "Indicateur suivant", measureNumber: 53 });
    const n = (code: string) => Number(code.split("-")[1]);
    expect(n(b.code)).toBe(n(a.code) + 1);
    expect((await auditRowsOf(a.code)).map((r) => r.action)).toContain("indicator.deleted");
  });
});

describe("a département's sheets and local indicators", () => {
  it("the prefecture numbers local indicators <dept>-<sheet>-<n> on its own sheets", async () => {
    const a = await createLocal();
    const b = await createLocal("2.5", "Nombre d'enfants accueillis");
    expect(a).toMatchObject({ code: "62-2.5-1", scope: "local", departmentCode: "62", sheetCode: "2.5" });
    expect(b.code).toBe("62-2.5-2");
  });

  it("refuses a sheet that does not exist in the département (422 /sheetCode)", async () => {
    const res = await call("POST", "/api/v1/departments/62/indicators", {
      headers: prefecture62.headers,
      body: { sheetCode: "9.9", label: "Nombre de tests", unit: "count", periodicity: "annual" },
    });
    expect(res.status).toBe(422);
    expect((await json<{ errors: { pointer: string }[] }>(res)).errors[0]?.pointer).toBe("/sheetCode");
  });

  it("a sheet's pilot must be an active organisation of the département (422 /pilotOrganisationId)", async () => {
    for (const pilotOrganisationId of [org59.id, archivedOrg62.id]) {
      const res = await call("POST", "/api/v1/departments/62/action-sheets", {
        headers: prefecture62.headers,
        body: { code: "4.4", axisCode: "4", title: "Contrats locaux", pilotOrganisationId },
      });
      expect(res.status).toBe(422);
      expect((await json<{ errors: { pointer: string }[] }>(res)).errors[0]?.pointer).toBe(
        "/pilotOrganisationId",
      );
    }
    const unknownAxis = await call("POST", "/api/v1/departments/62/action-sheets", {
      headers: prefecture62.headers,
      body: { code: "4.4", axisCode: "7", title: "Contrats locaux" },
    });
    expect(unknownAxis.status).toBe(422);
  });

  it("a sheet code is unique in the département (409)", async () => {
    const res = await call("POST", "/api/v1/departments/62/action-sheets", {
      headers: prefecture62.headers,
      body: { code: "2.5", axisCode: "2", title: "Doublon" },
    });
    expect(res.status).toBe(409);
  });

  it("the prefecture edits a sheet: changed pilot and cleared partners, audited; absent fields stay", async () => {
    const res = await call("PATCH", "/api/v1/departments/62/action-sheets/2.5", {
      headers: prefecture62.headers,
      body: { pilotOrganisationId: otherOrg62.id, partners: "" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      code: "2.5",
      title: "Accueils de jour",
      pilotOrganisationId: otherOrg62.id,
      pilotOrganisationName: "CIDFF 62",
      partners: null,
    });
    expect((await auditRowsOf("2.5")).map((r) => r.action)).toEqual([
      "action_sheet.created",
      "action_sheet.updated",
    ]);
    // Back to the first pilot for the catalogue tests below.
    await call("PATCH", "/api/v1/departments/62/action-sheets/2.5", {
      headers: prefecture62.headers,
      body: { pilotOrganisationId: org62.id },
    });
  });

  it("the prefecture edits, retires and deletes its local indicators", async () => {
    const created = await createLocal("2.5", "Nombre d'entretiens");
    const patched = await call("PATCH", `/api/v1/departments/62/indicators/${created.code}`, {
      headers: prefecture62.headers,
      body: { label: "Nombre d'entretiens individuels", target: 100 },
    });
    expect(patched.status).toBe(200);
    const revisions = await json<{ items: IndicatorRevision[] }>(
      await call("GET", `/api/v1/departments/62/indicators/${created.code}/revisions`, {
        headers: member62.headers,
      }),
    );
    expect(revisions.items.map((r) => r.label)).toEqual([
      "Nombre d'entretiens",
      "Nombre d'entretiens individuels",
    ]);

    await storeValue("62", created.code);
    expect(
      (
        await call("DELETE", `/api/v1/departments/62/indicators/${created.code}`, {
          headers: prefecture62.headers,
        })
      ).status,
    ).toBe(409);
    const retire = await call("POST", `/api/v1/departments/62/indicators/${created.code}/retire`, {
      headers: prefecture62.headers,
    });
    expect(retire.status).toBe(200);

    const spare = await createLocal("2.5", "Nombre d'orientations");
    expect(
      (
        await call("DELETE", `/api/v1/departments/62/indicators/${spare.code}`, {
          headers: prefecture62.headers,
        })
      ).status,
    ).toBe(204);
    expect((await createLocal("2.5", "Nombre d'accompagnements")).code).not.toBe(spare.code);
  });
});

describe("who manages what", () => {
  it("a prefecture of 59 cannot touch 62's sheets or indicators", async () => {
    const sheet = await call("PATCH", "/api/v1/departments/62/action-sheets/2.5", {
      headers: prefecture59.headers,
      body: { title: "Piratée" },
    });
    expect(sheet.status).toBe(403);
    // Through its own département, 62's local indicator does not exist.
    for (const [method, path, body] of [
      ["PATCH", "/api/v1/departments/59/indicators/62-2.5-1", { label: "Piraté" }],
      ["POST", "/api/v1/departments/59/indicators/62-2.5-1/retire", undefined],
      ["DELETE", "/api/v1/departments/59/indicators/62-2.5-1", undefined],
      ["PUT", "/api/v1/departments/59/indicators/62-2.5-1/assignment", { organisationId: null }],
      ["GET", "/api/v1/departments/59/indicators/62-2.5-1/revisions", undefined],
    ] as const) {
      const res = await call(method, path, { headers: prefecture59.headers, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(
      (
        await call("PATCH", "/api/v1/departments/59/action-sheets/2.5", {
          headers: prefecture59.headers,
          body: { title: "Piratée" },
        })
      ).status,
    ).toBe(404);
    const sheetAfter = (await catalogueOf("62", prefecture62)).axes
      .flatMap((a) => a.sheets)
      .find((s) => s.code === "2.5");
    expect(sheetAfter?.title).toBe("Accueils de jour");
  });

  it("a member cannot create or edit sheets, indicators or assignments", async () => {
    for (const [method, path, body] of [
      ["POST", "/api/v1/departments/62/action-sheets", { code: "2.6", axisCode: "2", title: "Essai" }],
      ["PATCH", "/api/v1/departments/62/action-sheets/2.5", { title: "Essai" }],
      [
        "POST",
        "/api/v1/departments/62/indicators",
        { sheetCode: "2.5", label: "Essai", unit: "count", periodicity: "annual" },
      ],
      ["PUT", "/api/v1/departments/62/indicators/N48-1/assignment", { organisationId: org62.id }],
    ] as const) {
      expect(
        (await call(method, path, { headers: member62.headers, body })).status,
        `${method} ${path}`,
      ).toBe(403);
    }
  });

  it("national manages the national catalogue but cannot edit a local sheet or indicator", async () => {
    const sheet = await call("PATCH", "/api/v1/departments/62/action-sheets/2.5", {
      headers: national.headers,
      body: { title: "Par le national" },
    });
    expect(sheet.status).toBe(403);
    const local = await call("PATCH", "/api/v1/indicators/62-2.5-1", {
      headers: national.headers,
      body: { label: "Par le national" },
    });
    expect(local.status).toBe(403);
    // Local indicators are not part of the national catalogue reads either.
    expect(
      (await call("GET", "/api/v1/indicators/62-2.5-1/revisions", { headers: member59.headers })).status,
    ).toBe(404);
  });

  it("national indicators cannot be changed through the département routes (403)", async () => {
    for (const [method, path, body] of [
      ["PATCH", "/api/v1/departments/62/indicators/N48-1", { label: "Modifié localement" }],
      ["POST", "/api/v1/departments/62/indicators/N48-1/retire", undefined],
      ["DELETE", "/api/v1/departments/62/indicators/N48-1", undefined],
    ] as const) {
      expect(
        (await call(method, path, { headers: prefecture62.headers, body })).status,
        `${method} ${path}`,
      ).toBe(403);
    }
  });
});

describe("the département catalogue and who answers", () => {
  it("shows axes → sheets (with pilot) → local indicators answered by the pilot, and national ones answered by the prefecture", async () => {
    const catalogue = await catalogueOf("62", member62);
    expect(catalogue.axes.map((a) => a.code)).toEqual(["2", "4"]);
    const sheet = catalogue.axes[0]?.sheets[0];
    expect(sheet).toMatchObject({
      code: "2.5",
      pilotOrganisationId: org62.id,
      pilotOrganisationName: "France Victimes 62",
    });
    expect(sheet?.indicators[0]).toMatchObject({
      code: "62-2.5-1",
      responsibleOrganisationId: org62.id,
      assignment: "sheet_pilot",
    });
    expect(catalogue.national.find((i) => i.code === "N48-1")).toMatchObject({
      responsibleOrganisationId: null,
      assignment: "prefecture",
    });
    // Retired indicators only on request.
    expect(catalogue.axes[0]?.sheets[0]?.indicators.every((i) => i.retiredAt === null)).toBe(true);
    const all = await catalogueOf("62", member62, "?includeRetired=true");
    expect(all.axes[0]?.sheets[0]?.indicators.some((i) => i.retiredAt !== null)).toBe(true);
  });

  it("59's catalogue has its own axes and none of 62's local indicators; a member of 59 cannot read 62's", async () => {
    const catalogue = await catalogueOf("59", member59);
    expect(catalogue.axes.map((a) => a.title)).toEqual(["Axe du Nord"]);
    expect(JSON.stringify(catalogue)).not.toContain("62-2.5");
    expect(
      (await call("GET", "/api/v1/departments/62/catalogue", { headers: member59.headers })).status,
    ).toBe(403);
  });

  it("the prefecture designates who answers a national indicator; null gives it back to the prefecture", async () => {
    const put = await call("PUT", "/api/v1/departments/62/indicators/N48-1/assignment", {
      headers: prefecture62.headers,
      body: { organisationId: otherOrg62.id },
    });
    expect(put.status).toBe(200);
    let catalogue = await catalogueOf("62", prefecture62);
    expect(catalogue.national.find((i) => i.code === "N48-1")).toMatchObject({
      responsibleOrganisationId: otherOrg62.id,
      responsibleOrganisationName: "CIDFF 62",
      assignment: "explicit",
    });
    // The report uses the same answer: that organisation's members may enter it.
    const report = await json<{ items: { indicator: string; responsibleOrganisationId: string | null }[] }>(
      await call("GET", "/api/v1/departments/62/periods/2026-Q3/report", { headers: prefecture62.headers }),
    );
    expect(report.items.find((i) => i.indicator === "N48-1")?.responsibleOrganisationId).toBe(otherOrg62.id);
    // 59 is unaffected.
    expect((await catalogueOf("59", prefecture59)).national.find((i) => i.code === "N48-1")?.assignment).toBe(
      "prefecture",
    );

    await call("PUT", "/api/v1/departments/62/indicators/N48-1/assignment", {
      headers: prefecture62.headers,
      body: { organisationId: null },
    });
    catalogue = await catalogueOf("62", prefecture62);
    expect(catalogue.national.find((i) => i.code === "N48-1")?.assignment).toBe("prefecture");
    expect((await auditRowsOf("N48-1")).filter((r) => r.action === "indicator.assigned")).toHaveLength(2);
  });

  it("a local indicator's explicit assignment wins over the sheet's pilot", async () => {
    await call("PUT", "/api/v1/departments/62/indicators/62-2.5-1/assignment", {
      headers: prefecture62.headers,
      body: { organisationId: otherOrg62.id },
    });
    const catalogue = await catalogueOf("62", prefecture62);
    expect(catalogue.axes[0]?.sheets[0]?.indicators.find((i) => i.code === "62-2.5-1")).toMatchObject({
      responsibleOrganisationId: otherOrg62.id,
      assignment: "explicit",
    });
  });

  it("refuses an organisation of another département or an archived one (422 /organisationId)", async () => {
    for (const organisationId of [org59.id, archivedOrg62.id, "nope"]) {
      const res = await call("PUT", "/api/v1/departments/62/indicators/N48-1/assignment", {
        headers: prefecture62.headers,
        body: { organisationId },
      });
      expect(res.status).toBe(422);
      expect((await json<{ errors: { pointer: string }[] }>(res)).errors[0]?.pointer).toBe("/organisationId");
    }
  });
});

describe("report due delay", () => {
  it("the prefecture sets it between 1 and 120 days; it is audited", async () => {
    const res = await call("PATCH", "/api/v1/departments/62/settings", {
      headers: prefecture62.headers,
      body: { reportDueDays: 45 },
    });
    expect(res.status).toBe(200);
    const dept = await json<{ reportDueDays: number }>(
      await call("GET", "/api/v1/departments/62", { headers: member62.headers }),
    );
    expect(dept.reportDueDays).toBe(45);
    expect((await auditRowsOf("62")).map((r) => r.action)).toContain("department.settings.updated");
    for (const reportDueDays of [0, 121, 2.5]) {
      const bad = await call("PATCH", "/api/v1/departments/62/settings", {
        headers: prefecture62.headers,
        body: { reportDueDays },
      });
      expect(bad.status).toBe(422);
    }
  });

  it("a member, national or another prefecture cannot change it", async () => {
    for (const u of [member62, national, prefecture59]) {
      const res = await call("PATCH", "/api/v1/departments/62/settings", {
        headers: u.headers,
        body: { reportDueDays: 10 },
      });
      expect(res.status).toBe(403);
    }
    const dept = await json<{ reportDueDays: number }>(
      await call("GET", "/api/v1/departments/62", { headers: member62.headers }),
    );
    expect(dept.reportDueDays).toBe(45);
  });
});
