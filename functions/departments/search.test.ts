import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { searchKey } from "../../shared/search";
import { call, commune, department, epci, type TestUser, user } from "../../test/factories";

let prefecture62: TestUser;
let national: TestUser;

const COMMUNES_62: [string, string, string][] = [
  ["62119", "216209106", "Béthune"],
  ["62350", "216203505", "Fouquières-lès-Béthune"],
  ["62445", "216204453", "Hesdigneul-lès-Béthune"],
  ["62841", "216208413", "Vendin-lès-Béthune"],
  ["62765", "216207654", "Saint-Omer"],
  ["62766", "216207662", "Saint-Omer-Capelle"],
  ["62826", "216208264", "Le Touquet-Paris-Plage"],
  ["62667", "216206672", "Le Portel"],
  ["62291", "216202911", "Éleu-dit-Leauwette"],
  ["62041", "216200410", "Arras"],
  ["62498", "216204982", "Lens"],
];

beforeAll(async () => {
  for (const code of ["62", "59", "02"]) await department(code);
  for (const [inseeCode, siren, name] of COMMUNES_62) await commune("62", { inseeCode, siren, name });
  await commune("59", { inseeCode: "59112", siren: "215901125", name: "Bruay-sur-l'Escaut" });
  await commune("59", { inseeCode: "59125", siren: "215901257", name: "Cantaing-sur-Escaut" });
  await commune("02", { inseeCode: "02201", siren: "210201877", name: "Cœuvres-et-Valsery" });
  await commune("02", { inseeCode: "02565", siren: "210205423", name: "Œuilly" });
  await epci("62");
  await epci("62", { siren: "200072460", name: "CA de Béthune-Bruay, Artois-Lys Romane", type: "CA" });
  await epci("62", { siren: "200069037", name: "CA du Pays de Saint-Omer", type: "CA" });
  await epci("62", { siren: "200069482", name: "CC des Campagnes de l'Artois", type: "CC" });
  prefecture62 = await user("prefecture", "62");
  national = await user("national");
});

const communes = async (code: string, q: string) => {
  const res = await call("GET", `/api/v1/departments/${code}/communes?q=${encodeURIComponent(q)}`, {
    headers: code === "62" ? prefecture62.headers : national.headers,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { name: string }[] }).items.map((c) => c.name);
};

const epcis = async (q: string) => {
  const res = await call("GET", `/api/v1/departments/62/epcis?q=${encodeURIComponent(q)}`, {
    headers: prefecture62.headers,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { name: string }[] }).items.map((e) => e.name);
};

describe("searching communes by name", () => {
  it("ignores accents and case: Béthune, bethune and BETHUNE find the same communes", async () => {
    const expected = ["Béthune", "Fouquières-lès-Béthune", "Hesdigneul-lès-Béthune", "Vendin-lès-Béthune"];
    for (const q of ["Béthune", "bethune", "BETHUNE", "BÉTHUNE", "béthune "]) {
      expect(await communes("62", q)).toEqual(expected);
    }
  });

  it("ignores hyphens and spaces, and finds a word inside the name", async () => {
    for (const q of ["Saint-Omer", "saint omer", "SAINT-OMER", "saint  omer", "omer"]) {
      expect(await communes("62", q)).toEqual(["Saint-Omer", "Saint-Omer-Capelle"]);
    }
    expect(await communes("62", "touquet")).toEqual(["Le Touquet-Paris-Plage"]);
    expect(await communes("62", "paris plage")).toEqual(["Le Touquet-Paris-Plage"]);
    // Only the start of a word: "mer" is inside "omer", not the start of a word.
    expect(await communes("62", "mer")).toEqual([]);
  });

  it("ignores apostrophes, typographic or not", async () => {
    for (const q of ["Bruay-sur-l'Escaut", "bruay sur l escaut", "Bruay-sur-l’Escaut", "l'escaut"]) {
      expect(await communes("59", q)).toEqual(["Bruay-sur-l'Escaut"]);
    }
    expect(await communes("59", "escaut")).toEqual(["Bruay-sur-l'Escaut", "Cantaing-sur-Escaut"]);
  });

  it("matches œ and oe either way", async () => {
    for (const q of ["coeuvres", "Cœuvres", "CŒUVRES", "cœuvres et valsery"]) {
      expect(await communes("02", q)).toEqual(["Cœuvres-et-Valsery"]);
    }
    for (const q of ["oeuilly", "Œuilly", "OEUILLY"]) expect(await communes("02", q)).toEqual(["Œuilly"]);
  });

  it("lists names starting with the text first, then names with a word starting with it", async () => {
    expect(await communes("62", "le")).toEqual([
      "Le Portel",
      "Le Touquet-Paris-Plage",
      "Lens",
      "Éleu-dit-Leauwette",
      "Fouquières-lès-Béthune",
      "Hesdigneul-lès-Béthune",
      "Vendin-lès-Béthune",
    ]);
  });

  it("sorts without regard to accents: É among the E", async () => {
    const res = await call("GET", "/api/v1/departments/62/communes?limit=5", {
      headers: prefecture62.headers,
    });
    const { items } = (await res.json()) as { items: { name: string }[] };
    expect(items.map((c) => c.name)).toEqual([
      "Arras",
      "Béthune",
      "Éleu-dit-Leauwette",
      "Fouquières-lès-Béthune",
      "Hesdigneul-lès-Béthune",
    ]);
  });

  it("still finds an INSEE code by its start, with or without spaces", async () => {
    expect(await communes("62", "62119")).toEqual(["Béthune"]);
    expect(await communes("62", "62 76")).toEqual(["Saint-Omer", "Saint-Omer-Capelle"]);
  });

  it("treats % and _ as separators, never as wildcards", async () => {
    expect(await communes("62", "%")).toEqual([]);
    expect(await communes("62", "_")).toEqual([]);
    expect(await communes("62", "%thune")).toEqual([]);
    expect(await communes("62", "B_thune")).toEqual([]);
    expect(await communes("62", "62_19")).toEqual([]);
    expect(await communes("62", "saint_omer")).toEqual(["Saint-Omer", "Saint-Omer-Capelle"]);
  });
});

describe("searching EPCIs by name", () => {
  it("ignores accents, case, punctuation, and matches anywhere in the name", async () => {
    for (const q of ["bethune", "BÉTHUNE-BRUAY", "bethune bruay artois"]) {
      expect(await epcis(q)).toEqual(["CA de Béthune-Bruay, Artois-Lys Romane"]);
    }
    for (const q of ["saint omer", "Saint-Omer", "pays de saint"]) {
      expect(await epcis(q)).toEqual(["CA du Pays de Saint-Omer"]);
    }
    for (const q of ["d'arras", "d’Arras", "d arras", "arras", "ras"]) {
      expect(await epcis(q)).toEqual(["CU d'Arras"]);
    }
  });

  it("lists the names starting with the text first", async () => {
    expect(await epcis("artois")).toEqual([
      "CA de Béthune-Bruay, Artois-Lys Romane",
      "CC des Campagnes de l'Artois",
    ]);
    expect(await epcis("c")).toEqual([
      "CA de Béthune-Bruay, Artois-Lys Romane",
      "CA du Pays de Saint-Omer",
      "CC des Campagnes de l'Artois",
      "CU d'Arras",
    ]);
  });

  it("still finds a SIREN by its start, with or without spaces; % and _ are no wildcards", async () => {
    expect(await epcis("200 069")).toEqual(["CA du Pays de Saint-Omer", "CC des Campagnes de l'Artois"]);
    expect(await epcis("%")).toEqual([]);
    expect(await epcis("_")).toEqual([]);
    expect(await epcis("a_ras")).toEqual([]);
  });
});

describe("migration 0005: rows that existed before it are found", () => {
  // Every accented letter and punctuation mark of the official names, plus a few typed ones.
  const NAMES = [
    "Béthune",
    "Fouquières-lès-Béthune",
    "Éleu-dit-Leauwette",
    "Château-l'Abbaye",
    "Fontaine-l’Évêque",
    "Noël-Cerneux",
    "Ça et là",
    "Cœuvres-et-Valsery",
    "ŒUILLY",
    "Île-Tudy",
    "Haïti, Hûtte, Façade",
    "Moÿ-de-l'Aisne",
    "Saint-Loup (Haute-Marne)",
    'Bürgerhaus "Am Rhein"',
    "Région / Nord",
    "Èze Ôté Jalón",
    "Ferrière — Nord…",
    "e\u0301cole",
    "100% Égalité_Femmes",
    "L'Abri  ;  62",
    "Sainte\u00a0Marie",
    "Lætitia",
  ];
  const backfill = () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0005_"));
    const updates = migration?.queries.filter((sql) => /^\s*update\b/im.test(sql)) ?? [];
    expect(updates).toHaveLength(6);
    return updates;
  };

  it("computes search_name as searchKey does for every listed name", async () => {
    await department("13");
    // As before the migration: rows written without search_name (its default, '').
    await env.DB.batch(
      NAMES.flatMap((name, i) => [
        env.DB.prepare(
          "insert into communes (department_code, insee_code, siren, name) values ('13', ?, 'x', ?)",
        ).bind(`13${i}`, name),
        env.DB.prepare(
          "insert into epcis (department_code, siren, name, type) values ('13', ?, ?, 'CC')",
        ).bind(`E${i}`, name),
        env.DB.prepare(
          `insert into organisations (department_code, id, kind, name, created_at, updated_at)
           values ('13', ?, 'other', ?, '2026-01-01', '2026-01-01')`,
        ).bind(`O${i}`, name),
      ]),
    );
    await env.DB.batch(backfill().map((sql) => env.DB.prepare(sql)));
    for (const table of ["communes", "epcis", "organisations"]) {
      const { results } = await env.DB.prepare(
        `select name, search_name as searchName from ${table} where department_code = '13'`,
      ).all<{ name: string; searchName: string }>();
      expect(results).toHaveLength(NAMES.length);
      for (const row of results) expect(row.searchName, `${table}: ${row.name}`).toBe(searchKey(row.name));
    }
    expect(await communes("13", "cœuvres")).toEqual(["Cœuvres-et-Valsery"]);
    expect(await communes("13", "oeuilly")).toEqual(["ŒUILLY"]);
  });
});

describe("long searches (D1 refuses LIKE patterns over 50 bytes)", () => {
  const search = (path: string, q: string) =>
    call("GET", `/api/v1/departments/62/${path}?q=${encodeURIComponent(q)}`, {
      headers: prefecture62.headers,
    });

  it("answers a long or multibyte query (nothing found) instead of 500", async () => {
    for (const [path, q] of [
      ["communes", "a".repeat(48)],
      ["communes", "1".repeat(60)],
      ["epcis", "œ".repeat(30)],
      ["epcis", "2".repeat(100)],
      ["organisations", "œ".repeat(30)],
    ] as const) {
      const res = await search(path, q);
      expect(res.status, `${path}?q=${q}`).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    }
  });

  it("still finds a name by a long prefix", async () => {
    expect(await epcis("ca de bethune bruay artois lys romane")).toEqual([
      "CA de Béthune-Bruay, Artois-Lys Romane",
    ]);
    expect(await communes("62", "fouquieres les bethune")).toEqual(["Fouquières-lès-Béthune"]);
  });

  it("refuses a query over 100 characters with 422 pointing at q", async () => {
    for (const path of ["communes", "epcis", "organisations"]) {
      const res = await search(path, "a".repeat(101));
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { errors: { in: string; pointer: string; detail: string }[] };
      expect(problem.errors).toEqual([
        expect.objectContaining({
          in: "query",
          pointer: "/q",
          detail: "La recherche ne doit pas dépasser 100 caractères.",
        }),
      ]);
    }
  });
});
