import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { createApp } from "../functions/app";
import { sessions, users } from "../functions/auth/schema";
import { departments } from "../functions/departments/schema";
import type { indicators } from "../functions/indicators/schema";
import { apiTokens, memberships } from "../functions/members/schema";
import { organisations } from "../functions/organisations/schema";
import { fixedClock } from "../functions/platform/clock";
import type { Role } from "../functions/platform/context";
import { createDb } from "../functions/platform/db";
import { newId, sha256Hex } from "../functions/platform/ids";
import { searchKey } from "../shared/search";

/** Small factories: each test file starts from empty migrated storage and builds what it needs. */
export const db = () => createDb(env.DB);

const DEPARTMENTS: Record<string, [string, string, string]> = {
  "62": ["Pas-de-Calais", "32", "Hauts-de-France"],
  "59": ["Nord", "32", "Hauts-de-France"],
  "75": ["Paris", "11", "Île-de-France"],
};

export async function department(code = "62") {
  const [name, regionCode, regionName] = DEPARTMENTS[code] ?? [`Département ${code}`, "00", "Région"];
  await db().insert(departments).values({ code, name, regionCode, regionName }).onConflictDoNothing();
  return { code, name };
}

export async function organisation(
  departmentCode = "62",
  fields: Partial<typeof organisations.$inferInsert> = {},
) {
  const now = new Date().toISOString();
  const name = fields.name ?? `Association ${Math.random().toString(36).slice(2, 8)}`;
  const row = {
    id: newId(),
    departmentCode,
    kind: "association",
    name,
    searchName: searchKey(name),
    rna: `W62${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  await db().insert(organisations).values(row);
  return row;
}

export type TestUser = {
  id: string;
  email: string;
  membershipId: string;
  /** Headers of a browser session (cookie + same-origin marker for writes). */
  headers: Record<string, string>;
  sessionToken: string;
};

/** A user with one membership and a signed-in session. */
export async function user(
  role: Role,
  departmentCode: string | null = role === "national" ? null : "62",
  organisationId: string | null = null,
  email = `${role}-${departmentCode ?? "fr"}-${Math.random().toString(36).slice(2, 8)}@maillage.test`,
): Promise<TestUser> {
  const id = newId();
  const membershipId = newId();
  const sessionToken = newId();
  await db().batch([
    db()
      .insert(users)
      .values({ id, email, name: email.split("@")[0] }),
    db().insert(memberships).values({
      id: membershipId,
      userId: id,
      departmentCode,
      organisationId,
      role,
      createdAt: new Date().toISOString(),
    }),
    db()
      .insert(sessions)
      // Stored hashed, like Auth.js's sessions (auth/config.ts). Unlike them, valid for 3 years, so
      // that callAt() on a later day still finds the user signed in.
      .values({
        sessionToken: await sha256Hex(sessionToken),
        userId: id,
        createdAt: new Date(),
        expires: new Date(Date.now() + 3 * 365 * 86_400_000),
      }),
  ]);
  return {
    id,
    email,
    membershipId,
    sessionToken,
    headers: { cookie: `__Host-authjs.session-token=${sessionToken}`, "sec-fetch-site": "same-origin" },
  };
}

/** An API token for one of the user's memberships; returns the Authorization header. */
export async function token(u: TestUser, options: { expiresAt?: string; revokedAt?: string } = {}) {
  const secret = `mlg_${newId().replaceAll("-", "")}`;
  const id = newId();
  await db()
    .insert(apiTokens)
    .values({
      id,
      userId: u.id,
      membershipId: u.membershipId,
      name: "test",
      tokenHash: await sha256Hex(secret),
      prefix: secret.slice(0, 8),
      createdAt: new Date().toISOString(),
      expiresAt: options.expiresAt ?? new Date(Date.now() + 86_400_000).toISOString(),
      revokedAt: options.revokedAt ?? null,
    });
  return { id, secret, headers: { authorization: `Bearer ${secret}` } };
}

/** Calls the Worker like a client would. `body` is sent as JSON. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  return exports.default.fetch(requestOf(method, path, options));
}

/** `call` on a given day (report windows and due dates depend on it): the app gets a fixed clock. */
export async function callAt(
  iso: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const { app } = createApp({ clock: fixedClock(iso) });
  return app.fetch(requestOf(method, path, options), env, createExecutionContext());
}

type CallOptions = { headers?: Record<string, string>; body?: unknown };

/**
 * An object goes as JSON; a string as it is, labelled JSON unless the headers say otherwise (to
 * send malformed JSON); a form, blob or bytes as they are, labelled by fetch.
 */
function requestOf(method: string, path: string, options: CallOptions): Request {
  const headers: Record<string, string> = { ...options.headers };
  const raw = options.body;
  let body: BodyInit | undefined;
  if (
    raw instanceof FormData ||
    raw instanceof Blob ||
    raw instanceof ArrayBuffer ||
    ArrayBuffer.isView(raw)
  ) {
    body = raw as BodyInit;
  } else if (raw !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof raw === "string" ? raw : JSON.stringify(raw);
  }
  return new Request(`https://maillage.test${path}`, { method, headers, body });
}

/**
 * An indicator row to insert (`db().insert(indicators).values([...])`): a national quarterly count
 * unless `fields` say otherwise (`departmentCode` + `sheetCode` for a local one).
 */
export function indicator(code: string, fields: Partial<typeof indicators.$inferInsert> = {}) {
  return {
    code,
    label: `Indicateur ${code}`,
    unit: "count" as const,
    periodicity: "quarterly" as const,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...fields,
  } satisfies typeof indicators.$inferInsert;
}

/** A commune of the official reference list of a département (defaults: Arras, 62). */
export async function commune(
  departmentCode = "62",
  fields: { inseeCode?: string; siren?: string; name?: string; population?: number } = {},
) {
  const { communes } = await import("../functions/departments/schema");
  const row = { departmentCode, inseeCode: "62041", siren: "216200410", name: "Arras", ...fields };
  await db()
    .insert(communes)
    .values({ ...row, searchName: searchKey(row.name) })
    .onConflictDoNothing();
  return row;
}

/** An EPCI of the official reference list of a département (defaults: CU d'Arras, 62). */
export async function epci(
  departmentCode = "62",
  fields: { siren?: string; name?: string; type?: string } = {},
) {
  const { epcis } = await import("../functions/departments/schema");
  const row = { departmentCode, siren: "200033579", name: "CU d'Arras", type: "CU", ...fields };
  await db()
    .insert(epcis)
    .values({ ...row, searchName: searchKey(row.name) })
    .onConflictDoNothing();
  return row;
}

/** Makes communes members of an EPCI (a contract carried by the EPCI covers them by default). */
export async function epciMembers(departmentCode: string, epciSiren: string, inseeCodes: string[]) {
  const { epciCommunes } = await import("../functions/departments/schema");
  await db()
    .insert(epciCommunes)
    .values(inseeCodes.map((inseeCode) => ({ departmentCode, epciSiren, inseeCode })))
    .onConflictDoNothing();
}

/** Audit rows of an entity, oldest first (to check a write was, or was not, recorded). */
export async function auditRowsOf(entityId: string) {
  const { auditEvents } = await import("../functions/platform/schema");
  const { asc, eq } = await import("drizzle-orm");
  return db()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, entityId))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
}
