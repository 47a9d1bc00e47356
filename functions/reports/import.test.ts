import { beforeAll, describe, expect, it } from "vitest";
import { callAt, db, department, indicator, organisation, type TestUser, user } from "../../test/factories";
import { indicatorAssignments, indicators } from "../indicators/schema";
import { reportValues } from "./schema";

const Q3 = "/departments/62/periods/2026-Q3/report";

const api = (method: string, path: string, headers: Record<string, string>, body?: BodyInit) =>
  callAt("2026-11-10T10:00:00Z", method, `/api/v1${path}`, { headers, body });

/** The report's current ETag, as a client reads it before importing. */
const etagFor = async (u: TestUser) => (await api("GET", Q3, u.headers)).headers.get("etag") ?? "";

async function upload(u: TestUser, text: string | Uint8Array<ArrayBuffer>, name = "rapport.csv") {
  const form = new FormData();
  form.append("file", new File([text], name));
  return api("POST", `${Q3}/import`, { ...u.headers, "if-match": await etagFor(u) }, form);
}

let prefecture: TestUser;
let member: TestUser;

beforeAll(async () => {
  await department("62");
  prefecture = await user("prefecture", "62");
  const asso = await organisation("62", { kind: "association", name: "France Victimes 62" });
  member = await user("member", "62", asso.id);
  await db()
    .insert(indicators)
    .values([
      indicator("N48-1", { label: "Téléphones grave danger attribués", measureNumber: 48 }),
      indicator("N10-1", { label: "Part des plaintes", unit: "percent", measureNumber: 10 }),
      indicator("N12-1", { label: "Existence d'un protocole", unit: "yes_no", measureNumber: 12 }),
      indicator("N13-1", { label: "Permanences associatives", measureNumber: 13 }),
    ]);
  await db()
    .insert(indicatorAssignments)
    .values({ departmentCode: "62", indicatorCode: "N13-1", organisationId: asso.id });
});

const storedValues = () => db().select().from(reportValues);

describe("importing a report file", () => {
  it("reports every wrong line with its line and column, in French, and imports nothing", async () => {
    const res = await upload(
      prefecture,
      "indicateur;état;valeur;commentaire\nN48-1;valeur;douze;\nN10-1;valeur;140;\nN99-9;valeur;1;\n",
    );
    expect(res.status).toBe(422);
    const problem = await res.json<{
      code: string;
      errors: { in: string; pointer: string; detail: string }[];
    }>();
    expect(problem.code).toBe("invalid_import");
    expect(problem.errors.map((e) => e.detail)).toEqual([
      expect.stringMatching(/^Ligne 2, colonne « valeur » : /),
      expect.stringMatching(/^Ligne 3, colonne « valeur » : /),
      expect.stringMatching(/^Ligne 4, colonne « indicateur » : /),
    ]);
    expect(problem.errors[0]).toMatchObject({ in: "file", pointer: "/lines/2/valeur" });
    expect(await storedValues()).toEqual([]);
  });

  it("imports a comma-separated file with a BOM and French numbers, then changes nothing the second time", async () => {
    const csv =
      '\ufeffindicator,state,value,comment\nN48-1,valeur,12,\nN10-1,valeur,"37,5",source CAF\nN12-1,,oui,\n';
    const first = await upload(prefecture, csv);
    expect(first.status).toBe(200);
    const result = await first.json<{ changed: string[]; report: { version: number } }>();
    expect(result.changed.sort()).toEqual(["N10-1", "N12-1", "N48-1"]);
    const values = Object.fromEntries((await storedValues()).map((v) => [v.indicatorCode, v.value]));
    expect(values).toEqual({ "N48-1": 12, "N10-1": 37.5, "N12-1": true });

    const again = await upload(prefecture, csv);
    const second = await again.json<{ changed: string[]; unchanged: number; report: { version: number } }>();
    expect(second).toMatchObject({ changed: [], unchanged: 3 });
    expect(second.report.version).toBe(result.report.version);
  });

  // The first XLSX call in a file loads and compiles SheetJS (~1 MB) inside workerd: 1.5 s on an
  // idle machine, over Vitest's 5 s default on a loaded 2-core one. 30 s still catches a hang.
  it("round-trips its own XLSX export", { timeout: 30_000 }, async () => {
    const xlsx = new Uint8Array(
      await (await api("GET", `${Q3.replace("/report", "/report.xlsx")}`, prefecture.headers)).arrayBuffer(),
    );
    expect([...xlsx.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const res = await upload(prefecture, xlsx, "rapport.xlsx");
    expect(await res.json()).toMatchObject({ changed: [], unchanged: 3 });
  });

  it("exports CSV for Excel FR with the values entered", async () => {
    const res = await api("GET", Q3.replace("/report", "/report.csv"), prefecture.headers);
    expect(res.headers.get("content-disposition")).toContain("maillage-62-2026-Q3.csv");
    const text = new TextDecoder().decode(await res.arrayBuffer());
    expect(text).toContain("N10-1;");
    expect(text).toContain("37,5");
    // Who answers each line: the prefecture filters or splits the file by partner.
    expect(text.split("\r\n")[0]).toMatch(/;organisation responsable$/);
    expect(text).toMatch(/\r\nN13-1;[^\r]*;France Victimes 62\r\n/);
    expect(text).toMatch(/\r\nN48-1;[^\r]*;Préfecture \(non attribué\)\r\n/);
  });

  it("imports French Excel's default CSV (Windows-1252, ;) with its accents", async () => {
    // "Hôpital d’Arras – 2 €": ô 0xF4, ’ 0x92, – 0x96, € 0x80 in Windows-1252.
    const cp1252: Record<string, number> = { é: 0xe9, ô: 0xf4, "’": 0x92, "–": 0x96, "€": 0x80 };
    const text =
      "indicateur;état;valeur;commentaire;organisation responsable\r\nN48-1;;7;Hôpital d’Arras – 2 €;Préfecture\r\n";
    const file = new Uint8Array([...text].map((ch) => cp1252[ch] ?? ch.charCodeAt(0)));
    const res = await upload(prefecture, file);
    expect(res.status, await res.clone().text()).toBe(200);
    const stored = (await storedValues()).find((v) => v.indicatorCode === "N48-1");
    expect(stored).toMatchObject({ value: 7, comment: "Hôpital d’Arras – 2 €" });
  });

  it("refuses an unreadable upload with a clear error", async () => {
    const wrongType = await api(
      "POST",
      `${Q3}/import`,
      { ...prefecture.headers, "if-match": await etagFor(prefecture), "content-type": "application/json" },
      "{}",
    );
    expect(wrongType.status).toBe(415);
    const binary = await upload(prefecture, new Uint8Array([0x69, 0x6e, 0x00, 0xe9, 0x0a]));
    expect(binary.status).toBe(422);
    expect(await binary.json()).toMatchObject({ code: "unreadable_file" });
  });

  it("accepts the CSV as the raw request body too", async () => {
    const res = await api(
      "POST",
      `${Q3}/import`,
      {
        ...prefecture.headers,
        "if-match": await etagFor(prefecture),
        "content-type": "text/csv; charset=utf-8",
      },
      "indicateur;valeur\nN48-1;21\n",
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: ["N48-1"] });
  });

  it("asks for the file when the multipart form has none", async () => {
    const form = new FormData();
    form.append("other", "x");
    const res = await api(
      "POST",
      `${Q3}/import`,
      { ...prefecture.headers, "if-match": await etagFor(prefecture) },
      form,
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: "/file" }] });
  });

  it("requires If-Match like PUT …/values: 428 without it, 412 when stale, and writes nothing", async () => {
    const n48 = async () => (await storedValues()).find((v) => v.indicatorCode === "N48-1")?.value;
    const file = () => {
      const form = new FormData();
      form.append("file", new File(["indicateur;valeur\nN48-1;13\n"], "r.csv"));
      return form;
    };
    const read = await etagFor(prefecture);
    // Someone saves after our read: our import would silently overwrite their figure.
    const put = await api(
      "PUT",
      `${Q3}/values`,
      { ...prefecture.headers, "if-match": read, "content-type": "application/json" },
      JSON.stringify({ values: [{ indicator: "N48-1", state: "value", value: 30 }] }),
    );
    expect(put.status).toBe(200);

    const missing = await api("POST", `${Q3}/import`, prefecture.headers, file());
    expect(missing.status).toBe(428);
    expect(await missing.json()).toMatchObject({
      code: "precondition_required",
      errors: [{ in: "header", pointer: "/If-Match" }],
    });
    const stale = await api("POST", `${Q3}/import`, { ...prefecture.headers, "if-match": read }, file());
    expect(stale.status).toBe(412);
    expect(await n48()).toBe(30);

    const fresh = await api(
      "POST",
      `${Q3}/import`,
      { ...prefecture.headers, "if-match": await etagFor(prefecture) },
      file(),
    );
    expect(fresh.status).toBe(200);
    expect(await n48()).toBe(13);
  });

  it("lets a member re-import the whole exported report, changing only their own lines", async () => {
    const exported = new TextDecoder().decode(
      await (await api("GET", Q3.replace("/report", "/report.csv"), member.headers)).arrayBuffer(),
    );
    const mine = exported.replace(/^N13-1;([^;]*);([^;]*);([^;]*);/m, "N13-1;$1;$2;valeur;4;");
    expect(mine).not.toBe(exported);
    const res = await upload(member, mine);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: ["N13-1"], unchanged: 3 });
  });

  it("names every line a member may not change, and imports nothing", async () => {
    const res = await upload(member, "indicateur;valeur\nN48-1;99\nN13-1;5\nN10-1;1\n");
    expect(res.status).toBe(403);
    const problem = await res.json<{ code: string; errors: { pointer: string }[] }>();
    expect(problem.code).toBe("not_responsible");
    expect(problem.errors.map((e) => e.pointer)).toEqual(["/lines/2/indicator", "/lines/4/indicator"]);
    const n13 = (await storedValues()).find((v) => v.indicatorCode === "N13-1");
    expect(n13?.value).toBe(4);
  });
});
