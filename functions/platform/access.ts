import { createMiddleware } from "hono/factory";
import type { AppEnv, DepartmentExists, Role } from "./context";
import { forbidden, notFound, unauthenticated } from "./errors";

/**
 * Who may call a route. Declared once on the route definition (see openapi.ts), enforced here:
 * handlers never check roles or tenants themselves.
 */
export type Access =
  | { kind: "public" }
  | { kind: "signed-in" }
  | { kind: "national" }
  | { kind: "department"; roles: Role[] };

export const access = {
  public: { kind: "public" } as Access,
  signedIn: { kind: "signed-in" } as Access,
  national: { kind: "national" } as Access,
  /** A route under /departments/{code}: allowed to these roles in that département ("national" = any département). */
  department: (...roles: Role[]): Access => ({ kind: "department", roles }),
};

export function describeAccess(a: Access): string {
  switch (a.kind) {
    case "public":
      return "public";
    case "signed-in":
      return "signed-in";
    case "national":
      return "national";
    case "department":
      return `department:${a.roles.join(",")}`;
  }
}

/**
 * Gives the guard its département lookup. Platform knows no capability: departments/ answers
 * whether a département exists, and app.ts mounts this once, before the principal (which places
 * the lookup in its own round trip, see `departmentInPath`) and the routes.
 */
export const tenancy = (departmentExists: DepartmentExists) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("departmentExists", departmentExists);
    await next();
  });

/** The département a `/api/v1/departments/{code}/…` path names, as the guard will check it. */
export function departmentInPath(path: string): string | null {
  const match = /^\/api\/v1\/departments\/([^/]+)/.exec(path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export const guard = (a: Access) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (a.kind === "public") return next();
    const principal = c.get("principal");
    if (!principal) throw unauthenticated();
    if (a.kind === "signed-in") return next();
    if (a.kind === "national") {
      if (!principal.memberships.some((m) => m.role === "national")) throw forbidden();
      return next();
    }
    const code = c.req.param("code");
    if (!code) throw new Error("department guard on a route without {code}");
    const departmentExists = c.get("departmentExists");
    if (!departmentExists) throw new Error("department guard without tenancy() mounted");
    // Usually fetched in the principal's round trip; asked here otherwise.
    const prefetched = c.get("prefetchedDepartment");
    const exists =
      prefetched?.code === code ? prefetched.exists : (await departmentExists(c.get("db"), code)).length > 0;
    if (!exists) throw notFound("Ce département n'existe pas.");
    const here = principal.memberships.filter((m) => m.role === "national" || m.departmentCode === code);
    if (here.length === 0) throw forbidden("Vous n'avez pas accès à ce département.");
    const roles = [...new Set(here.map((m) => m.role))];
    if (!roles.some((r) => a.roles.includes(r))) throw forbidden();
    c.set("tenant", {
      departmentCode: code,
      roles,
      memberships: here,
      organisationIds: here.flatMap((m) => (m.organisationId ? [m.organisationId] : [])),
    });
    return next();
  });
