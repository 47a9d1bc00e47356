import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, department, organisation, type TestUser, token, user } from "../../test/factories";
import { createApp } from "../app";

/**
 * The authorisation matrix is generated from the app's own route table (the OpenAPI document),
 * so a route added later is covered without anyone remembering to add it here.
 */
type Operation = { method: string; path: string; access: string };

const { app } = createApp();
const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
const operations: Operation[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, { "x-access"?: string }>)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, op]) => ({ method: method.toUpperCase(), path, access: op["x-access"] ?? "undeclared" })),
);

/** Routes outside the API contract: development-only helpers and the OpenAPI document itself. */
const UNDOCUMENTED = [/^\/api\/v1\/dev\//, /^\/api\/v1\/openapi\.json$/];

const samples: Record<string, string> = {
  code: "62",
  period: "2026-Q3",
  indicator: "N48-1",
};

function concrete(path: string, code = "62"): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "code" ? code : (samples[name] ?? "0190b2c4-0000-7000-8000-000000000000"),
  );
}

let memberOf59: TestUser;
let prefectureOf59: TestUser;
let memberOf62: TestUser;
let prefecture62: TestUser;
let revoked: { headers: Record<string, string> };

beforeAll(async () => {
  await department("62");
  await department("59");
  const org62 = await organisation("62");
  const org59 = await organisation("59");
  memberOf59 = await user("member", "59", org59.id);
  prefectureOf59 = await user("prefecture", "59");
  memberOf62 = await user("member", "62", org62.id);
  prefecture62 = await user("prefecture", "62");
  revoked = await token(prefecture62, { revokedAt: new Date().toISOString() });
});

describe("route table", () => {
  it("declares who may call every API route", () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((o) => o.access === "undeclared")).toEqual([]);
  });

  it("documents every /api/v1 route in the OpenAPI document (no route escapes the matrix)", () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ":$1")}`));
    const registered = app.routes
      .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
      .filter((r) => !UNDOCUMENTED.some((re) => re.test(r.path)))
      .map((r) => `${r.method} ${r.path}`);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
  });
});

describe.each(operations.filter((o) => o.access !== "public"))("$method $path ($access)", (op) => {
  const body = ["POST", "PUT", "PATCH"].includes(op.method) ? {} : undefined;

  it("answers 401 to an anonymous caller", async () => {
    const res = await call(op.method, concrete(op.path), {
      body,
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers 401 to a revoked token", async () => {
    const res = await call(op.method, concrete(op.path), { body, headers: revoked.headers });
    expect(res.status).toBe(401);
  });

  if (op.access.startsWith("department:")) {
    it.each([
      ["a member", () => memberOf59],
      ["the prefecture", () => prefectureOf59],
    ])("gives %s of another département nothing (403/404)", async (_, who) => {
      const res = await call(op.method, concrete(op.path, "62"), { body, headers: who().headers });
      expect([403, 404]).toContain(res.status);
      const text = await res.text();
      expect(text).not.toContain('"items"');
    });
  }

  const roles = op.access.startsWith("department:") ? op.access.slice("department:".length).split(",") : [];
  if (op.access.startsWith("department:") && !roles.includes("member")) {
    it("refuses a member whose role is too small (403)", async () => {
      const res = await call(op.method, concrete(op.path), { body, headers: memberOf62.headers });
      expect(res.status).toBe(403);
    });
  }

  if (op.access === "national") {
    it("refuses a prefecture user (403)", async () => {
      const res = await call(op.method, concrete(op.path), { body, headers: prefecture62.headers });
      expect(res.status).toBe(403);
    });
  }
});

it("the test environment is development (dev routes are allow-listed above)", () => {
  expect(env.ENVIRONMENT).toBe("development");
});
