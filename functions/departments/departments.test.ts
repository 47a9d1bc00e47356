import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, commune, department, epci, organisation, type TestUser, user } from "../../test/factories";

let national: TestUser;
let prefecture62: TestUser;
let member62: TestUser;
let member59: TestUser;

beforeAll(async () => {
  for (const code of ["62", "59", "75"]) await department(code);
  await env.DB.prepare(
    "insert into arrondissements (department_code, code, name) values ('62','621','Arras'), ('62','627','Lens'), ('59','591','Avesnes-sur-Helpe')",
  ).run();
  await commune("62");
  await commune("62", { inseeCode: "62193", siren: "216201939", name: "Calais" });
  await commune("62", { inseeCode: "62001", siren: "216200014", name: "Ablain-Saint-Nazaire" });
  await commune("62", { inseeCode: "62100", siren: "216201004", name: "Ar_ques%" });
  await commune("59", { inseeCode: "59350", siren: "215903501", name: "Lille" });
  await epci("62");
  await epci("62", { siren: "246200364", name: "CA de Lens - Liévin", type: "CA" });
  await epci("59", { siren: "200093201", name: "Métropole Européenne de Lille", type: "METRO" });
  national = await user("national");
  prefecture62 = await user("prefecture", "62");
  member62 = await user("member", "62", (await organisation("62")).id);
  member59 = await user("member", "59", (await organisation("59")).id);
});

describe("GET /departments", () => {
  it("the national level sees every département", async () => {
    const res = await call("GET", "/api/v1/departments", { headers: national.headers });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { code: string }[] };
    expect(items.map((d) => d.code)).toEqual(["59", "62", "75"]);
  });

  it("others see only the départements they are members of", async () => {
    const res = await call("GET", "/api/v1/departments", { headers: member62.headers });
    expect(await res.json()).toEqual({
      items: [{ code: "62", name: "Pas-de-Calais", regionCode: "32", regionName: "Hauts-de-France" }],
    });
  });

  it("anonymous callers get 401", async () => {
    expect((await call("GET", "/api/v1/departments")).status).toBe(401);
  });
});

describe("GET /departments/{code}", () => {
  it("answers the département with its arrondissements and report delay", async () => {
    const res = await call("GET", "/api/v1/departments/62", { headers: member62.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      code: "62",
      name: "Pas-de-Calais",
      regionCode: "32",
      regionName: "Hauts-de-France",
      reportDueDays: 30,
      memberEntryDays: null,
      arrondissements: [
        { code: "621", name: "Arras" },
        { code: "627", name: "Lens" },
      ],
    });
  });

  it("a member of 59 cannot read 62 (403); an unknown département answers 404", async () => {
    expect((await call("GET", "/api/v1/departments/62", { headers: member59.headers })).status).toBe(403);
    expect((await call("GET", "/api/v1/departments/99", { headers: national.headers })).status).toBe(404);
  });
});

describe("territory reference", () => {
  const communes = async (query: string, headers = prefecture62.headers) => {
    const res = await call("GET", `/api/v1/departments/62/communes${query}`, { headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { inseeCode: string; name: string; siren: string }[] }).items;
  };

  it("lists only the département's communes, by name", async () => {
    expect((await communes("")).map((c) => c.name)).toEqual([
      "Ablain-Saint-Nazaire",
      "Ar_ques%",
      "Arras",
      "Calais",
    ]);
  });

  it("matches a name prefix case-insensitively, or an INSEE code prefix", async () => {
    expect((await communes("?q=ar")).map((c) => c.inseeCode)).toEqual(["62100", "62041"]);
    expect(await communes("?q=62193")).toEqual([{ inseeCode: "62193", siren: "216201939", name: "Calais" }]);
    expect(await communes("?q=Lille")).toEqual([]);
  });

  it("treats LIKE wildcards typed by the user as separators, never as wildcards, and honours limit", async () => {
    expect((await communes("?q=Ar_q")).map((c) => c.name)).toEqual(["Ar_ques%"]);
    expect((await communes("?q=A_ras")).map((c) => c.name)).toEqual([]);
    expect((await communes("?q=%25")).map((c) => c.name)).toEqual([]);
    expect(await communes("?limit=2")).toHaveLength(2);
    const res = await call("GET", "/api/v1/departments/62/communes?limit=0", { headers: member62.headers });
    expect(res.status).toBe(422);
  });

  it("lists the EPCIs of the département, matching part of the name or the SIREN", async () => {
    const get = async (query: string) => {
      const res = await call("GET", `/api/v1/departments/62/epcis${query}`, { headers: member62.headers });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { siren: string }[] }).items.map((e) => e.siren);
    };
    expect(await get("")).toEqual(["246200364", "200033579"]);
    expect(await get("?q=arras")).toEqual(["200033579"]);
    expect(await get("?q=2462")).toEqual(["246200364"]);
    expect(await get("?q=Lille")).toEqual([]);
  });

  it("a member of 59 cannot search 62's reference lists", async () => {
    expect((await call("GET", "/api/v1/departments/62/communes", { headers: member59.headers })).status).toBe(
      403,
    );
    expect((await call("GET", "/api/v1/departments/62/epcis", { headers: member59.headers })).status).toBe(
      403,
    );
  });
});

describe("OpenAPI document", () => {
  it("describes the routes of this capability with their access level", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { "x-access"?: string }>> };
    expect(doc.paths["/api/v1/departments/{code}/organisations"]?.post?.["x-access"]).toBe(
      "department:prefecture",
    );
    expect(doc.paths["/api/v1/departments/{code}/members/{membershipId}"]?.delete?.["x-access"]).toBe(
      "department:prefecture,national",
    );
    expect(doc.paths["/api/v1/departments/{code}/audit"]?.get).toBeDefined();
    expect(doc.paths["/api/v1/departments"]?.get?.["x-access"]).toBe("signed-in");
  });
});
