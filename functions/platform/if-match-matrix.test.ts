import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, commune, db, department, organisation, type TestUser, user } from "../../test/factories";
import { createApp } from "../app";
import { indicators } from "../indicators/schema";
import { auditEvents } from "./schema";

/**
 * Sibling of the authorisation matrix, generated from the same route table (the OpenAPI
 * document): every state-changing route declares how it treats If-Match (`x-if-match`), and each
 * one on a versioned resource refuses a stale If-Match (412) without writing anything (RFC 9110
 * §13.1.1). A route added later without a declaration makes this file fail.
 */
type Media = { example?: unknown };
type Operation = {
  method: string;
  path: string;
  access: string;
  ifMatch: string | undefined;
  body: Record<string, Media>;
  responses: Record<string, { headers?: Record<string, unknown> }>;
};

const { app } = createApp();
const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
const operations: Operation[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Record<string, unknown>>)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      access: (op["x-access"] as string | undefined) ?? "undeclared",
      ifMatch: op["x-if-match"] as string | undefined,
      body: ((op.requestBody as { content?: Record<string, Media> } | undefined)?.content ?? {}) as Record<
        string,
        Media
      >,
      responses: (op.responses ?? {}) as Operation["responses"],
    })),
);
const writes = operations.filter((o) => o.method !== "GET");
const versioned = writes.filter((o) => o.ifMatch === "required" || o.ifMatch === "optional");
const name = (o: Operation) => `${o.method} ${o.path}`;

/** Far above any version a fixture reaches: always stale. */
const STALE = '"999999"';

let prefecture: TestUser;
let national: TestUser;
/** Contracts are written by their carrier's members: a CU d'Arras member and one of its drafts. */
let coordinator: TestUser;
const params: Record<string, string> = { code: "62", period: "2026-Q3" };
const contractParams: Record<string, string> = {};
const meetingParams: Record<string, string> = {};
/** Placements are managed by their host's members, withdrawn by their applicant: an offer and an application. */
let placementHost: TestUser;
let placementApplicant: TestUser;
const placementParams: Record<string, string> = {};

beforeAll(async () => {
  await department("62");
  prefecture = await user("prefecture", "62");
  national = await user("national");
  params.id = (await organisation("62")).id;
  const cu = await organisation("62", { kind: "epci", name: "CU d'Arras", siren: "200033579", rna: null });
  coordinator = await user("member", "62", cu.id);
  const created = await call("POST", "/api/v1/departments/62/contracts", {
    headers: coordinator.headers,
    body: {
      title: "Contrat local",
      carrierOrganisationId: cu.id,
      council: "cispd",
      coordinator: { name: "A", function: "B", email: "a@cu-arras.fr" },
      signatories: [{ organisationId: cu.id, role: "Porteur" }],
    },
  });
  Object.assign(contractParams, { id: ((await created.json()) as { id: string }).id, organisationId: cu.id });
  const meeting = await call("POST", "/api/v1/departments/62/governance/meetings", {
    headers: prefecture.headers,
    body: { kind: "plenary", startsAt: "2026-11-12T14:00" },
  });
  meetingParams.id = ((await meeting.json()) as { id: string }).id;
  await commune("62");
  const fv = await organisation("62", { name: "France Victimes 62" });
  placementHost = await user("member", "62", fv.id);
  placementApplicant = await user("member", "62", (await organisation("62")).id);
  const offer = await call("POST", "/api/v1/departments/62/placements", {
    headers: placementHost.headers,
    body: {
      hostOrganisationId: fv.id,
      service: "Accueil",
      title: "Stage",
      description: "Observer.",
      professions: ["gendarmerie"],
      communeInseeCode: "62041",
      halfDays: 2,
      schedule: { kind: "period", start: "2030-01-01", end: "2030-12-31" },
      capacity: 1,
      contact: { name: "Accueil" },
    },
  });
  placementParams.id = ((await offer.json()) as { id: string }).id;
  await call("POST", `/api/v1/departments/62/placements/${placementParams.id}/publish`, {
    headers: placementHost.headers,
  });
  const application = await call(
    "POST",
    `/api/v1/departments/62/placements/${placementParams.id}/applications`,
    {
      headers: placementApplicant.headers,
      body: {
        profession: "gendarmerie",
        wantedStart: "2030-02-01",
        wantedEnd: "2030-02-01",
        motivation: "Oui.",
      },
    },
  );
  placementParams.applicationId = ((await application.json()) as { id: string }).id;
  const base = {
    unit: "count" as const,
    periodicity: "quarterly" as const,
    createdAt: "2026-01-01T00:00:00Z",
  };
  await db()
    .insert(indicators)
    .values([
      {
        ...base,
        code: "N48-1",
        label: "Téléphones grave danger",
        measureNumber: 48,
        updatedAt: base.createdAt,
      },
      {
        ...base,
        code: "62-1.1-1",
        departmentCode: "62",
        sheetCode: "1.1",
        label: "Réunions du réseau",
        updatedAt: base.createdAt,
      },
    ]);
});

/** A concrete URL for a route: the fixtures above fill its path parameters. */
function concrete(path: string): string {
  const own = path.includes("/contracts/")
    ? contractParams
    : path.includes("/governance/meetings/")
      ? meetingParams
      : path.includes("/placements/")
        ? placementParams
        : {};
  return `/api/v1${path.replace(/^\/api\/v1/, "")}`.replace(/\{(\w+)\}/g, (_, p: string) =>
    p === "indicator" ? (path.includes("/departments/") ? "62-1.1-1" : "N48-1") : (own[p] ?? params[p] ?? p),
  );
}

/** Someone allowed to call the route (the guard must not answer before the precondition). */
const caller = (o: Operation) =>
  o.path.includes("/placements/")
    ? o.path.endsWith("/withdraw")
      ? placementApplicant
      : placementHost
    : o.path.includes("/contracts") && !o.access.includes("prefecture")
      ? coordinator
      : o.access === "national" || (o.access.startsWith("department:") && !o.access.includes("prefecture"))
        ? national
        : prefecture;

/** A body the validator accepts: the documented example, an empty object, or an empty CSV. */
function bodyOf(o: Operation): { body?: unknown; headers: Record<string, string> } {
  if (o.body["application/json"]) return { body: o.body["application/json"].example ?? {}, headers: {} };
  if (o.body["text/csv"]) return { body: "", headers: { "content-type": "text/csv" } };
  return { headers: {} };
}

/** The GET whose ETag names the resource a write changes: the same path, or its parent's. */
function resourceOf(o: Operation): Operation | undefined {
  const parent = o.path.replace(/\/[^/{}]+$/, "");
  return operations.find(
    (g) =>
      g.method === "GET" && (g.path === o.path || g.path === parent) && g.responses["200"]?.headers?.ETag,
  );
}

async function snapshot(o: Operation) {
  const [{ n }] = (await db().select({ n: count() }).from(auditEvents)) as [{ n: number }];
  const resource = resourceOf(o);
  const etag = resource
    ? (await call("GET", concrete(resource.path), { headers: caller(o).headers })).headers.get("etag")
    : null;
  return { auditEvents: n, etag };
}

function send(o: Operation, ifMatch: string | undefined) {
  const { body, headers } = bodyOf(o);
  return call(o.method, concrete(o.path), {
    body,
    headers: { ...caller(o).headers, ...headers, ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
  });
}

describe("route table", () => {
  it("declares on every state-changing route how it treats If-Match", () => {
    expect(writes.length).toBeGreaterThan(0);
    const undeclared = writes.filter(
      (o) => !["required", "optional", "unversioned"].includes(o.ifMatch ?? ""),
    );
    expect(undeclared.map(name)).toEqual([]);
  });

  it("documents 412 on the versioned writes only, and 428 only where If-Match is required", () => {
    const wrong = operations.filter(
      (o) =>
        "412" in o.responses !== versioned.includes(o) || "428" in o.responses !== (o.ifMatch === "required"),
    );
    expect(wrong.map(name)).toEqual([]);
  });

  it("knows the versioned resources: organisations, indicators, quarter reports", () => {
    expect(versioned.map(name)).toEqual(
      expect.arrayContaining([
        "PATCH /api/v1/departments/{code}/organisations/{id}",
        "POST /api/v1/departments/{code}/organisations/{id}/archive",
        "DELETE /api/v1/indicators/{indicator}",
        "POST /api/v1/departments/{code}/indicators/{indicator}/retire",
        "PUT /api/v1/departments/{code}/periods/{period}/report/values",
        "POST /api/v1/departments/{code}/periods/{period}/report/import",
        "POST /api/v1/departments/{code}/periods/{period}/report/reopen",
        "PATCH /api/v1/departments/{code}/placements/{id}",
        "POST /api/v1/departments/{code}/placements/{id}/applications/{applicationId}/accept",
      ]),
    );
  });
});

describe.each(versioned)("$method $path (If-Match $ifMatch)", (o) => {
  it("answers 412 to a stale If-Match and writes nothing", async () => {
    const before = await snapshot(o);
    const res = await send(o, STALE);
    expect(res.status).toBe(412);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "precondition_failed" });
    expect(await snapshot(o)).toEqual(before);
  });

  it("refuses a malformed If-Match (422 at /If-Match)", async () => {
    const res = await send(o, "999999");
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ in: "header", pointer: "/If-Match" }] });
  });

  if (o.ifMatch === "required") {
    it("answers 428 without If-Match and writes nothing", async () => {
      const before = await snapshot(o);
      const res = await send(o, undefined);
      expect(res.status).toBe(428);
      expect(await res.json()).toMatchObject({ code: "precondition_required" });
      expect(await snapshot(o)).toEqual(before);
    });
  }
});
