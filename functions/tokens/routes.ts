import { z } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { ApiTokenSchema, CreateApiTokenSchema, CreatedApiTokenSchema } from "../../shared/tokens";
import { apiTokens, memberships } from "../members/schema";
import { access } from "../platform/access";
import { auditEvent, requestActor } from "../platform/audit";
import type { AppEnv, Membership, Principal } from "../platform/context";
import { forbidden, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { createRouter, defineRoute, jsonBody, jsonContent, Problem } from "../platform/openapi";
import { expiryFrom, generateToken } from "./domain";

const ApiToken = ApiTokenSchema;
const CreatedApiToken = CreatedApiTokenSchema;
const CreateApiToken = CreateApiTokenSchema;

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  membershipId: apiTokens.membershipId,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

// biome-ignore lint/style/noNonNullAssertion: every route here is behind the signedIn guard
const principalOf = (c: Context<AppEnv>): Principal => c.get("principal")!;

/** A token cannot mint or revoke tokens: that takes a person signed in with a browser session. */
function requireSession(principal: Principal) {
  if (principal.via !== "session") {
    throw forbidden("Un jeton d'API ne peut pas gérer les jetons : connectez-vous à Maillage.");
  }
}

/** Audit events of a token are filed under the département of the token's membership. */
function actAs(c: Context<AppEnv>, m: Membership) {
  if (m.departmentCode) {
    c.set("tenant", {
      departmentCode: m.departmentCode,
      roles: [m.role],
      memberships: [m],
      organisationIds: m.organisationId ? [m.organisationId] : [],
    });
  }
}

export const tokensRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/me/tokens",
      operationId: "listMyTokens",
      tags: ["Jetons d'API"],
      summary: "Mes jetons d'API",
      access: access.signedIn,
      responses: {
        200: jsonContent(z.object({ items: z.array(ApiToken) }), "Jetons, du plus récent au plus ancien"),
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      // A token sees only the tokens of its own membership, like everything else it does.
      const membership = principal.via === "token" ? principal.memberships[0]?.id : undefined;
      const items = await c
        .get("db")
        .select(columns)
        .from(apiTokens)
        .where(
          and(
            eq(apiTokens.userId, principal.userId),
            membership ? eq(apiTokens.membershipId, membership) : undefined,
          ),
        )
        .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/me/tokens",
      operationId: "createMyToken",
      tags: ["Jetons d'API"],
      summary: "Créer un jeton d'API pour un de mes rattachements",
      description:
        "Le jeton agit avec les droits d'un seul rattachement. Il est affiché une seule fois. Réservé à une session (un jeton ne crée pas de jeton).",
      access: access.signedIn,
      ifMatch: "unversioned",
      request: { body: jsonBody(CreateApiToken) },
      responses: { 201: jsonContent(CreatedApiToken, "Jeton créé") },
    }),
    async (c) => {
      const principal = principalOf(c);
      requireSession(principal);
      const body = c.req.valid("json");
      const membership = principal.memberships.find((m) => m.id === body.membershipId);
      if (!membership) {
        throw invalid([
          {
            in: "body",
            pointer: "/membershipId",
            detail: "Choisissez un de vos rattachements actifs.",
            code: "unknown_membership",
          },
        ]);
      }
      const now = c.get("clock").now();
      const { secret, hash, prefix } = await generateToken();
      const row = {
        id: newId(now.getTime()),
        userId: principal.userId,
        membershipId: membership.id,
        name: body.name,
        tokenHash: hash,
        prefix,
        createdAt: now.toISOString(),
        expiresAt: expiryFrom(now, body.expiresInDays).toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      };
      const { tokenHash: _hash, userId: _user, ...shown } = row;
      actAs(c, membership);
      const db = c.get("db");
      await db.batch([
        db.insert(apiTokens).values(row),
        auditEvent(c.get("services"), requestActor(c), {
          departmentCode: membership.departmentCode,
          action: "api_token.created",
          entityType: "api_token",
          entityId: row.id,
          after: shown,
        }),
      ]);
      return c.json({ token: secret, ...shown }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/me/tokens/{id}",
      operationId: "revokeMyToken",
      tags: ["Jetons d'API"],
      summary: "Révoquer un de mes jetons d'API",
      description: "Sans effet si le jeton est déjà révoqué. Réservé à une session.",
      access: access.signedIn,
      ifMatch: "unversioned",
      request: { params: z.object({ id: z.string() }) },
      responses: {
        204: { description: "Jeton révoqué" },
        404: { description: "Jeton inconnu", content: { "application/problem+json": { schema: Problem } } },
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      requireSession(principal);
      const { id } = c.req.valid("param");
      const db = c.get("db");
      const [token] = await db
        .select({ ...columns, userId: apiTokens.userId })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, principal.userId)));
      if (!token) throw notFound("Ce jeton n'existe pas.");
      if (token.revokedAt) return c.body(null, 204);
      const revokedAt = c.get("clock").now().toISOString();
      const membership = principal.memberships.find((m) => m.id === token.membershipId);
      if (membership) actAs(c, membership);
      // The token's membership may have been revoked since: file the event under its département anyway.
      const departmentCode =
        membership?.departmentCode ?? (await departmentOfMembership(c, token.membershipId));
      await db.batch([
        db
          .update(apiTokens)
          .set({ revokedAt })
          .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))),
        auditEvent(c.get("services"), requestActor(c), {
          departmentCode,
          action: "api_token.revoked",
          entityType: "api_token",
          entityId: id,
          before: { revokedAt: null },
          after: { revokedAt },
        }),
      ]);
      return c.body(null, 204);
    },
  );

async function departmentOfMembership(c: Context<AppEnv>, membershipId: string) {
  const [row] = await c
    .get("db")
    .select({ departmentCode: memberships.departmentCode })
    .from(memberships)
    .where(eq(memberships.id, membershipId));
  return row?.departmentCode ?? null;
}
