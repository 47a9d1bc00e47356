import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  type Member,
  MemberCreateSchema,
  MemberSchema,
  ValidatorRightSchema,
} from "../../shared/organisation";
import { canonicalOrigin, isDevelopment } from "../auth/config";
import { findOrganisation } from "../organisations/queries";
import { access } from "../platform/access";
import { auditEventIfChanged, requestActor } from "../platform/audit";
import type { AppEnv } from "../platform/context";
import { uniqueViolation } from "../platform/db";
import { AppError, forbidden, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { departmentParams } from "../platform/params";
import { sendInvitation } from "./invitation";
import {
  findMember,
  findSameMembership,
  findUserByEmail,
  insertMembershipFor,
  insertUserIfNew,
  listMembers,
  reactivateMembership,
  revokeInvitationLinkOf,
  revokeMembership,
  revokeTokensOf,
  setValidator,
} from "./queries";
import { membershipCascades } from "./revocation";
import { canManageRole, forbiddenDetail, organisationRequirement, unknownOrganisation } from "./rules";

const manage = access.department("prefecture", "national");
const changes = (result: unknown) => (result as { meta?: { changes?: number } }).meta?.changes ?? 0;
const membershipParams = departmentParams.extend({
  membershipId: z
    .string()
    .max(64)
    .openapi({ param: { name: "membershipId", in: "path" } }),
});

/** Sends (or re-sends) the membership's invitation on behalf of the signed-in user. */
async function invite(c: Context<AppEnv>, member: Member, mode: "sent" | "resent") {
  // biome-ignore lint/style/noNonNullAssertion: the department guard ran
  const principal = c.get("principal")!;
  await sendInvitation(
    c.get("services"),
    { secret: c.env.AUTH_SECRET, origin: canonicalOrigin(c.env), development: isDevelopment(c.env) },
    requestActor(c),
    principal,
    c.get("tenant").departmentCode,
    member,
    mode,
  );
}

const alreadyMember = () =>
  new AppError(
    409,
    "already_member",
    "Cette personne a déjà ce rôle pour cette organisation dans ce département.",
  );

export const membersRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/members",
      operationId: "listMembers",
      tags: ["Membres"],
      summary: "Les membres actifs du département",
      access: manage,
      request: { params: departmentParams },
      responses: { 200: jsonContent(z.object({ items: z.array(MemberSchema) }), "Membres") },
    }),
    async (c) => c.json({ items: await listMembers(c.get("db"), c.get("tenant").departmentCode) }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/members",
      operationId: "addMember",
      tags: ["Membres"],
      summary: "Ajouter un membre par son adresse électronique",
      description:
        "Crée l'utilisateur si l'adresse est nouvelle et lui envoie une invitation : qui l'invite, le département et l'organisation, un lien de connexion valable 7 jours (utilisable une fois). La préfecture ajoute des membres (role member, rattachés à une organisation du département) ; seul le niveau national ajoute des utilisateurs de la préfecture.",
      access: manage,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(MemberCreateSchema) },
      responses: {
        201: jsonContent(MemberSchema, "Membre ajouté"),
        409: problemContent("Déjà membre avec ce rôle"),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const db = c.get("db");
      const { departmentCode, roles } = c.get("tenant");
      if (!canManageRole(roles, input.role)) throw forbidden(forbiddenDetail(input.role));
      const missingOrganisation = organisationRequirement(input.role, input.organisationId);
      if (missingOrganisation) throw invalid([missingOrganisation]);
      const organisationId = input.organisationId ?? null;
      if (organisationId) {
        const organisation = await findOrganisation(db, departmentCode, organisationId);
        if (!organisation || organisation.archivedAt) throw invalid([unknownOrganisation()]);
      }

      const now = c.get("clock").now().toISOString();
      const user = await findUserByEmail(db, input.email);
      const same = user
        ? await findSameMembership(db, departmentCode, { userId: user.id, organisationId, role: input.role })
        : null;
      if (same && !same.revokedAt) throw alreadyMember();
      const membershipId = same?.id ?? newId();
      const audit = {
        departmentCode,
        entityType: "membership",
        entityId: membershipId,
        after: { email: input.email, role: input.role, organisationId },
      };
      let results: unknown[];
      try {
        results = same
          ? await db.batch([
              reactivateMembership(db, departmentCode, membershipId, now),
              auditEventIfChanged(c.get("services"), requestActor(c), {
                ...audit,
                action: "membership.reactivated",
                before: { revokedAt: same.revokedAt },
              }),
            ])
          : await db.batch([
              insertUserIfNew(db, { id: newId(), email: input.email, name: input.name ?? null }),
              insertMembershipFor(db, departmentCode, {
                id: membershipId,
                email: input.email,
                organisationId,
                role: input.role,
                createdAt: now,
              }),
              auditEventIfChanged(c.get("services"), requestActor(c), {
                ...audit,
                action: "membership.created",
              }),
            ]);
      } catch (error) {
        if (uniqueViolation(error)) throw alreadyMember();
        throw error;
      }
      // A concurrent request added (or reactivated) the same membership first.
      if (changes(same ? results[0] : results[1]) === 0) throw alreadyMember();
      const added = await findMember(db, departmentCode, membershipId);
      if (!added) throw new Error("membership vanished after insert");
      await invite(c, added, "sent");
      return c.json((await findMember(db, departmentCode, membershipId)) ?? added, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/departments/{code}/members/{membershipId}",
      operationId: "revokeMember",
      tags: ["Membres"],
      summary: "Retirer un membre (révocation de son rattachement)",
      access: manage,
      ifMatch: "unversioned",
      request: {
        params: departmentParams.extend({
          membershipId: z
            .string()
            .max(64)
            .openapi({ param: { name: "membershipId", in: "path" } }),
        }),
      },
      responses: {
        204: { description: "Rattachement révoqué" },
        404: problemContent("Rattachement inconnu dans ce département"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode, roles } = c.get("tenant");
      const { membershipId } = c.req.valid("param");
      const member = await findMember(db, departmentCode, membershipId);
      if (!member) throw notFound("Ce rattachement n'existe pas.");
      if (!canManageRole(roles, member.role)) throw forbidden(forbiddenDetail(member.role));
      const now = c.get("clock").now().toISOString();
      const actor = requestActor(c);
      const cascade = await membershipCascades(c.get("services"), actor, {
        id: membershipId,
        userId: member.userId,
        departmentCode,
        at: now,
      });
      const [result] = await db.batch([
        revokeMembership(db, departmentCode, membershipId, now),
        auditEventIfChanged(c.get("services"), actor, {
          departmentCode,
          action: "membership.revoked",
          entityType: "membership",
          entityId: membershipId,
          before: {
            email: member.email,
            role: member.role,
            organisationId: member.organisationId,
            revokedAt: null,
          },
          after: { revokedAt: now },
        }),
        revokeTokensOf(db, membershipId, now),
        revokeInvitationLinkOf(db, departmentCode, membershipId),
        ...cascade,
      ]);
      if (changes(result) === 0) throw notFound("Ce rattachement n'existe pas.");
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/members/{membershipId}/invitation",
      operationId: "resendMemberInvitation",
      tags: ["Membres"],
      summary: "Renvoyer l'invitation d'un membre qui ne s'est jamais connecté",
      description:
        "Envoie un nouveau lien de connexion valable 7 jours ; le lien précédent ne fonctionne plus. Une fois par heure au plus par membre (429 avec Retry-After sinon).",
      access: manage,
      ifMatch: "unversioned",
      request: { params: membershipParams },
      responses: {
        200: jsonContent(MemberSchema, "Le membre, avec sa nouvelle invitation"),
        404: problemContent("Rattachement inconnu dans ce département"),
        409: problemContent("La personne s'est déjà connectée"),
        429: problemContent("Invitation déjà envoyée il y a moins d'une heure"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode, roles } = c.get("tenant");
      const { membershipId } = c.req.valid("param");
      const member = await findMember(db, departmentCode, membershipId);
      if (!member) throw notFound("Ce rattachement n'existe pas.");
      if (!canManageRole(roles, member.role)) throw forbidden(forbiddenDetail(member.role));
      if (member.lastSignInAt) {
        throw new AppError(
          409,
          "already_signed_in",
          "Cette personne s'est déjà connectée : elle demande un lien de connexion sur la page de connexion.",
        );
      }
      await invite(c, member, "resent");
      return c.json((await findMember(db, departmentCode, membershipId)) ?? member, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/departments/{code}/members/{membershipId}/validator",
      operationId: "setMemberValidatorRight",
      tags: ["Membres"],
      summary: "Donner ou retirer le droit de valider les rapports à un agent de la préfecture",
      description:
        "Quatre yeux : dès qu'un valideur est désigné, seuls les valideurs valident ; à partir de deux, qui a soumis un rapport ne le valide pas. Réservé au niveau national, qui nomme les agents de la préfecture.",
      access: manage,
      ifMatch: "unversioned",
      request: {
        params: departmentParams.extend({
          membershipId: z
            .string()
            .max(64)
            .openapi({ param: { name: "membershipId", in: "path" } }),
        }),
        body: jsonBody(ValidatorRightSchema, { validator: true }),
      },
      responses: {
        200: jsonContent(MemberSchema, "Le membre"),
        404: problemContent("Rattachement inconnu dans ce département"),
        422: problemContent("Seul un agent de la préfecture peut être valideur"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode, roles } = c.get("tenant");
      const { membershipId } = c.req.valid("param");
      const { validator } = c.req.valid("json");
      const member = await findMember(db, departmentCode, membershipId);
      if (!member) throw notFound("Ce rattachement n'existe pas.");
      if (member.role !== "prefecture") {
        throw invalid([
          {
            in: "path",
            pointer: "/membershipId",
            detail: "Seul un agent de la préfecture peut être valideur.",
          },
        ]);
      }
      if (!canManageRole(roles, member.role)) throw forbidden(forbiddenDetail(member.role));
      await db.batch([
        setValidator(db, departmentCode, membershipId, validator),
        auditEventIfChanged(c.get("services"), requestActor(c), {
          departmentCode,
          action: validator ? "membership.validator.granted" : "membership.validator.revoked",
          entityType: "membership",
          entityId: membershipId,
          before: { validator: member.validator },
          after: { validator },
        }),
      ]);
      return c.json({ ...member, validator }, 200);
    },
  );
