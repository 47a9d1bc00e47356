/** Shapes of the API answers the UI reads (the contract in the API reference, /api/docs). */

export type Role = "member" | "prefecture" | "national";

export type MeMembership = {
  id: string;
  role: Role;
  departmentCode: string | null;
  departmentName: string | null;
  organisationId: string | null;
  organisationName: string | null;
};

export type Me = { user: { id: string; email: string; name: string | null }; memberships: MeMembership[] };

export type DepartmentSummary = { code: string; name: string; regionCode: string; regionName: string };

export type Department = DepartmentSummary & {
  reportDueDays: number;
  /** Days after the quarter during which members enter; null: until the report is submitted. */
  memberEntryDays: number | null;
  arrondissements: { code: string; name: string }[];
};

export type Commune = { inseeCode: string; siren: string; name: string };
export type Epci = { siren: string; name: string; type: string };

export type Organisation = {
  id: string;
  departmentCode: string;
  kind: string;
  name: string;
  inseeCode: string | null;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Member = {
  membershipId: string;
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
  createdAt: string;
};

export type AuthOptions = {
  email: boolean;
  proconnect: boolean;
  devUsers: { email: string; label: string }[];
};

export type OutboxItem = { id: string; to: string; subject: string; text: string; createdAt: string };
