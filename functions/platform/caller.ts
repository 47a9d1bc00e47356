import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { parisDate } from "../../shared/periods";
import { requestActor } from "./audit";
import type { Actor, AppEnv, Role } from "./context";

type Ctx = Context<AppEnv>;

/**
 * Who calls a département's route, as the capabilities' services take it: the tenant's roles and
 * organisations (set by the guard), the audit's actor and the instant of the call. Each
 * capability's own `Caller` type is a subset of this one.
 */
export type RequestCaller = {
  userId: string;
  actor: Actor;
  roles: Role[];
  organisationIds: string[];
  /** The instant of the call (ISO). */
  at: string;
  /** The French calendar day of that instant (Europe/Paris), `YYYY-MM-DD`. */
  today: string;
};

export function callerOf(c: Ctx): RequestCaller {
  const tenant = c.get("tenant");
  const actor = requestActor(c);
  const now = c.get("services").clock.now();
  return {
    userId: actor.kind === "user" ? actor.userId : "",
    actor,
    roles: tenant.roles,
    organisationIds: tenant.organisationIds,
    at: now.toISOString(),
    today: parisDate(now),
  };
}

/** The arguments most services start with: the database, the département of the path, the caller. */
export const scope = (c: Ctx) => [c.get("db"), c.get("tenant").departmentCode, callerOf(c)] as const;

/** A path parameter holding an id (a UUID, or a readable key up to `max` characters). */
export const idParam = (name: string, options: { max?: number; description?: string } = {}) =>
  z
    .string()
    .min(1)
    .max(options.max ?? 64)
    .openapi({
      param: { name, in: "path" },
      ...(options.description ? { description: options.description } : {}),
    });
