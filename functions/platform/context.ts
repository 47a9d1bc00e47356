import type { BatchItem } from "drizzle-orm/batch";
import type { Role } from "../../shared/roles";
import type { Clock } from "./clock";
import type { Db } from "./db";
import type { Mailer } from "./mailer";
import type { Services } from "./services";

export type { Role };

export type Membership = {
  id: string;
  departmentCode: string | null;
  organisationId: string | null;
  role: Role;
};

/**
 * Who is calling: a signed-in user (session cookie), a machine client (API token of one membership)
 * or a calendar application (a feed token, accepted by the département's calendar.ics only).
 */
export type Principal = {
  userId: string;
  email: string;
  name: string | null;
  memberships: Membership[];
  via: "session" | "token" | "feed";
  tokenId?: string;
};

/** What the caller may do in the département named by the path, set by the tenancy guard. */
export type Tenant = {
  departmentCode: string;
  roles: Role[];
  /** The memberships that grant access here (national memberships included). */
  memberships: Membership[];
  /** Organisations whose data a member may enter. */
  organisationIds: string[];
};

/**
 * Who a write is made by, as the audit records it: a person (with the membership used, under a
 * request id the server generated) or the system (a cron run or a queue consumer, under its job
 * or message id). Services take it as an argument: a cron or a queue has no request to read it from.
 */
export type Actor =
  | {
      kind: "user";
      userId: string;
      membershipId: string | null;
      requestId: string;
      /** The client's own X-Request-Id, bounded and sanitised (never used as the request id). */
      clientRequestId: string | null;
    }
  | { kind: "system:cron" | "system:queue"; jobId: string };

export const systemActor = (kind: "system:cron" | "system:queue", jobId: string): Actor => ({ kind, jobId });

/**
 * Whether a département (tenant) exists, as ONE statement (rows: one when it exists), so that the
 * principal's lookup can carry it in its round trip; provided by departments/, used by the guard.
 */
export type DepartmentExists = (db: Db, code: string) => BatchItem<"sqlite"> & PromiseLike<unknown[]>;

/** The answer fetched with the principal for the département named by the path, if any. */
export type PrefetchedDepartment = { code: string; exists: boolean };

export type Bindings = Env & {
  // Optional ProConnect settings: sign-in with ProConnect is offered only when all three are set.
  PROCONNECT_ISSUER?: string;
  PROCONNECT_CLIENT_ID?: string;
  PROCONNECT_CLIENT_SECRET?: string;
  /** "1": count D1 statements and round trips per request, in response headers (d1-stats.ts). */
  D1_STATS?: string;
};

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    clientRequestId: string | null;
    services: Services;
    db: Db;
    clock: Clock;
    mailer: Mailer;
    principal: Principal | null;
    tenant: Tenant;
    departmentExists: DepartmentExists;
    prefetchedDepartment: PrefetchedDepartment | undefined;
  };
};
