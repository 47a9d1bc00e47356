import type { Clock } from "./clock";
import type { Db } from "./db";
import type { Mailer } from "./mailer";

export type Role = "national" | "prefecture" | "member";

export type Membership = {
  id: string;
  departmentCode: string | null;
  organisationId: string | null;
  role: Role;
};

/** Who is calling: a signed-in user (session cookie) or a machine client (API token of one membership). */
export type Principal = {
  userId: string;
  email: string;
  name: string | null;
  memberships: Membership[];
  via: "session" | "token";
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

export type Bindings = Env & {
  // Optional ProConnect settings: sign-in with ProConnect is offered only when all three are set.
  PROCONNECT_ISSUER?: string;
  PROCONNECT_CLIENT_ID?: string;
  PROCONNECT_CLIENT_SECRET?: string;
};

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    db: Db;
    clock: Clock;
    mailer: Mailer;
    principal: Principal | null;
    tenant: Tenant;
  };
};
