import { describe, expect, it } from "vitest";
import { UNITS } from "../../shared/catalogue";
import { MEMBER_ROLES } from "../../shared/organisation";
import { LockReasonSchema, REPORT_STATUSES } from "../../shared/reports";
import { ROLES } from "../../shared/roles";
import { createApp } from "../app";

/**
 * One contract: the API document is generated from the zod schemas of shared/ (the UI imports
 * their types), and every enumeration of units, roles or report statuses in it is one of the
 * lists of shared/, never a copy that drifted.
 */
const { app } = createApp();
const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });

/** Every `enum` of the document, with where it is. */
function enums(node: unknown, at = ""): { at: string; values: unknown[] }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => enums(n, `${at}/${i}`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "enum" && Array.isArray(value) ? [{ at, values: value }] : enums(value, `${at}/${key}`),
  );
}

const lists = {
  units: UNITS,
  roles: ROLES,
  statuses: REPORT_STATUSES,
  "lock reasons": LockReasonSchema.options,
} as const;
const found = enums(doc);

describe("the API document", () => {
  it.each(Object.entries(lists))("uses the one list of %s wherever it enumerates them", (_, list) => {
    const of = (e: { values: unknown[] }) => e.values.filter((v) => v !== null); // nullable enums add null
    const uses = found.filter(
      (e) => of(e).filter((v) => (list as readonly unknown[]).includes(v)).length >= 2,
    );
    expect(uses.length).toBeGreaterThan(0);
    // Another shared list may overlap (lock reasons name statuses); a subset is allowed only where
    // the API means one (the roles a prefecture gives).
    const allowed = [...Object.values(lists), MEMBER_ROLES].map((l) => JSON.stringify(l));
    expect(uses.filter((e) => !allowed.includes(JSON.stringify(of(e))))).toEqual([]);
  });

  it("types the national series' unit and the caller's roles with those lists", () => {
    const at = (...path: string[]) =>
      path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    const schema = (name: string, ...path: string[]) => at("components", "schemas", name, ...path);
    expect(schema("NationalIndicator", "properties", "indicator", "properties", "unit", "enum")).toEqual([
      ...UNITS,
    ]);
    expect(schema("Me", "properties", "memberships", "items", "properties", "role", "enum")).toEqual([
      ...ROLES,
    ]);
    expect(schema("NationalReportRow", "properties", "status", "enum")).toEqual([...REPORT_STATUSES]);
  });

  it("lists only statuses a route can return: 422 where it reads input, the guard's 404 under /departments/{code}", () => {
    type Op = { parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Op>)
        .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
    );
    const readsInput = (op: Op) => (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
    expect(ops.filter((o) => "422" in o.op.responses !== readsInput(o.op)).map((o) => o.name)).toEqual([]);
    expect(ops.filter((o) => !readsInput(o.op)).map((o) => o.name)).toContain("GET /api/v1/health");
    const departmentRoutes = ops.filter((o) => o.path.startsWith("/api/v1/departments/{code}"));
    expect(departmentRoutes.filter((o) => !("404" in o.op.responses)).map((o) => o.name)).toEqual([]);
  });
});
