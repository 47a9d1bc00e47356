import { beforeAll, describe, expect, it } from "vitest";
import { call, department, type TestUser, user } from "../../test/factories";
import { createApp, OPENAPI_DOCUMENT } from "../app";

/** The published OpenAPI document, checked against what other people's tools expect of it. */
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  "x-access"?: string;
  responses?: Record<string, unknown>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const doc = createApp().app.getOpenAPI31Document(OPENAPI_DOCUMENT) as unknown as {
  info: { license?: { name: string; identifier?: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);
const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(doc.components.schemas[schema.$ref.split("/").pop() ?? ""] ?? {}) : schema;

/** Pointers of the objects, at any depth, that accept keys they do not declare. */
function openObjects(schema: Schema, at: string): string[] {
  const s = resolve(schema);
  const own = s.properties && s.additionalProperties !== false ? [at || "/"] : [];
  return [
    ...own,
    ...Object.entries(s.properties ?? {}).flatMap(([key, child]) => openObjects(child, `${at}/${key}`)),
    ...(s.items ? openObjects(s.items, `${at}/0`) : []),
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap((child) =>
      openObjects(child, at),
    ),
  ];
}

describe("the OpenAPI document", () => {
  it("names every operation with a unique, descriptive operationId", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.filter((id) => !id || !/^[a-z][a-zA-Z0-9]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares security on every operation: none for public ones, a session cookie or a bearer token otherwise", () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearer", "cookie"]);
    for (const { op, method, path } of operations) {
      const expected = op["x-access"] === "public" ? [] : [{ cookie: [] }, { bearer: [] }];
      expect(op.security, `${method} ${path}`).toEqual(expected);
    }
  });

  it("gives every operation a 4XX answer (client generators refuse an operation without one)", () => {
    const without = operations.filter(
      ({ op }) => !Object.keys(op.responses ?? {}).some((s) => s.startsWith("4")),
    );
    expect(without.map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it.each(operations.filter((o) => o.op["x-access"] === "public"))(
    "$method $path answers the 401 it documents to a bad token",
    async ({ method, path, op }) => {
      expect(op.responses?.["401"]).toBeDefined();
      const res = await call(method, path, { headers: { authorization: "Bearer not-a-token" } });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    },
  );

  it("has servers and a licence", () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.info.license).toEqual({ name: "EUPL-1.2", identifier: "EUPL-1.2" });
  });
});

/** Every write whose body is JSON, from the route table: a route added later is covered too. */
const jsonWrites = operations.filter(
  (o) => ["POST", "PUT", "PATCH"].includes(o.method) && o.op.requestBody?.content?.["application/json"],
);

const samples: Record<string, string> = {
  code: "62",
  period: "2026-Q3",
  indicator: "N48-1",
  axis: "1",
  sheet: "1.1",
};
const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? "0190b2c4-0000-7000-8000-000000000000");

describe("unknown body keys", () => {
  let prefecture: TestUser;
  let national: TestUser;
  /** Routes for members only (a contract's carrier writes it): the guard lets any member of 62 through. */
  let member: TestUser;
  beforeAll(async () => {
    await department("62");
    prefecture = await user("prefecture", "62");
    national = await user("national");
    member = await user("member", "62");
  });

  it("finds the JSON writes", () => {
    expect(jsonWrites.length).toBeGreaterThan(10);
  });

  it.each(jsonWrites)(
    "$method $path documents its body as closed (additionalProperties: false, at every depth)",
    ({ op }) => {
      const schema = resolve(op.requestBody?.content?.["application/json"]?.schema ?? {});
      expect(schema.type).toBe("object");
      expect(openObjects(schema, "")).toEqual([]);
    },
  );

  it.each(jsonWrites)(
    "$method $path refuses an unknown key with 422 and its pointer",
    async ({ method, path, op }) => {
      const caller =
        op["x-access"] === "department:member"
          ? member
          : op["x-access"]?.includes("prefecture") || op["x-access"] === "signed-in"
            ? prefecture
            : national;
      const res = await call(method, concrete(path), {
        body: { unexpectedKey: 1 },
        headers: { ...caller.headers, "if-match": '"1"' },
      });
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { errors: { in: string; pointer: string }[] };
      expect(problem.errors).toContainEqual(
        expect.objectContaining({ in: "body", pointer: "/unexpectedKey" }),
      );
    },
  );
});
