import { z } from "@hono/zod-openapi";
import { compactIdentifier, siretError } from "../../shared/identifiers";
import {
  CompanyRegisterEntrySchema,
  ExistingOrganisationSchema,
  type Organisation,
  OrganisationCreateSchema,
  OrganisationKindSchema,
  OrganisationSchema,
  OrganisationUpdateSchema,
} from "../../shared/organisation";
import { SEARCH_MAX_LENGTH, SEARCH_TOO_LONG } from "../../shared/search";
import { access } from "../platform/access";
import { auditEvent, requestActor } from "../platform/audit";
import {
  checkIfMatch,
  conditionalWrite,
  ifMatchOf,
  preconditionFailed,
  setEtag,
} from "../platform/concurrency";
import { AppError, invalid, notFound } from "../platform/errors";
import {
  createRouter,
  defineRoute,
  jsonBody,
  jsonContent,
  Problem,
  problemContent,
} from "../platform/openapi";
import { decodeCursor, pageQuery, toPage } from "../platform/pagination";
import { departmentParams } from "../platform/params";
import { lookupSiret } from "./company-register";
import { findOrganisation, listOrganisations, updateOrganisation } from "./queries";
import { checkUpdate } from "./rules";
import { createOrganisation, orDuplicate } from "./service";

const organisationParams = departmentParams.extend({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

const listQuery = pageQuery.extend({
  kind: OrganisationKindSchema.optional(),
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX_LENGTH, SEARCH_TOO_LONG)
    .optional()
    .openapi({ description: "Partie du nom" }),
  archived: z
    .enum(["true", "false"])
    .default("false")
    .openapi({ description: "false : organisations actives ; true : organisations archivées" }),
});

const registerParams = departmentParams.extend({
  siret: z
    .string()
    .max(30)
    .openapi({ param: { name: "siret", in: "path" }, example: "13000766900018" }),
});

/** A 409 on a duplicate identifier names the organisation that holds it. */
const duplicateContent = (description: string) => ({
  description,
  content: {
    "application/problem+json": {
      schema: Problem.extend({
        existing: ExistingOrganisationSchema.optional().openapi({
          description: "Organisation du département qui a déjà cet identifiant",
        }),
      }).openapi("DuplicateProblem"),
    },
  },
});

const Cursor = z.object({ s: z.string(), i: z.string() });

const missing = () => notFound("Cette organisation n'existe pas.");
const stale = () =>
  preconditionFailed(
    "Cette organisation a été modifiée entre-temps : rechargez-la avant d'enregistrer vos changements.",
  );

const read = access.department("member", "prefecture", "national");
const write = access.department("prefecture");

export const organisationsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/organisations",
      operationId: "listOrganisations",
      tags: ["Organisations"],
      summary: "Les organisations du département, par nom",
      access: read,
      request: { params: departmentParams, query: listQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(OrganisationSchema), nextCursor: z.string().nullable() }),
          "Une page d'organisations",
        ),
        400: problemContent("Curseur invalide"),
      },
    }),
    async (c) => {
      const { limit, cursor, kind, q, archived } = c.req.valid("query");
      const after = decodeCursor(cursor, Cursor);
      const rows = await listOrganisations(c.get("db"), c.get("tenant").departmentCode, {
        limit,
        after: after && { searchName: after.s, id: after.i },
        kind,
        q: q || undefined,
        archived: archived === "true",
      });
      const page = toPage(rows, limit, (r) => ({ s: r.position.searchName, i: r.position.id }));
      return c.json({ items: page.items.map((r) => r.organisation), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/organisations",
      operationId: "createOrganisation",
      tags: ["Organisations"],
      summary: "Enregistrer une organisation du département",
      description:
        "commune : inseeCode obligatoire (liste officielle du département) ; epci : siren obligatoire (EPCI du département) ; association : rna obligatoire ; autres types : siret obligatoire.",
      access: write,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(OrganisationCreateSchema) },
      responses: {
        201: jsonContent(OrganisationSchema, "Organisation créée"),
        409: duplicateContent("Identifiant déjà utilisé dans ce département (existing : qui l'a)"),
      },
    }),
    async (c) => {
      const { departmentCode } = c.get("tenant");
      const organisation = await createOrganisation(
        c.get("services"),
        requestActor(c),
        departmentCode,
        c.req.valid("json"),
      );
      setEtag(c, organisation.version);
      c.header("Location", `/api/v1/departments/${departmentCode}/organisations/${organisation.id}`);
      return c.json(organisation, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/organisations/{id}",
      operationId: "getOrganisation",
      tags: ["Organisations"],
      summary: "Une organisation",
      access: read,
      request: { params: organisationParams },
      responses: {
        200: jsonContent(OrganisationSchema, "Organisation (ETag : sa version)"),
        404: problemContent("Organisation inconnue dans ce département"),
      },
    }),
    async (c) => {
      const organisation = await findOrganisation(
        c.get("db"),
        c.get("tenant").departmentCode,
        c.req.valid("param").id,
      );
      if (!organisation) throw missing();
      setEtag(c, organisation.version);
      return c.json(organisation, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/organisations/{id}",
      operationId: "updateOrganisation",
      tags: ["Organisations"],
      summary: "Modifier le nom ou les identifiants d'une organisation",
      description:
        "Avec If-Match (la version lue), la modification est refusée (412) si l'organisation a changé entre-temps. Sans If-Match, elle s'applique à la dernière version, mais deux écritures simultanées ne peuvent pas réussir toutes les deux.",
      access: write,
      ifMatch: "optional",
      request: { params: organisationParams, body: jsonBody(OrganisationUpdateSchema) },
      responses: {
        200: jsonContent(OrganisationSchema, "Organisation modifiée"),
        404: problemContent("Organisation inconnue dans ce département"),
        409: duplicateContent("Identifiant déjà utilisé (existing : qui l'a), ou organisation archivée"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const current = await findOrganisation(db, departmentCode, c.req.valid("param").id);
      if (!current) throw missing();
      checkIfMatch(ifMatchOf(c), current.version, stale);
      if (current.archivedAt)
        throw new AppError(
          409,
          "organisation_archived",
          "Cette organisation est archivée : elle ne peut plus être modifiée.",
        );
      const { errors, fields } = checkUpdate(current, c.req.valid("json"));
      if (errors.length > 0) throw invalid(errors);
      const unchanged = (["name", "siret", "rna", "address"] as const).every((f) => fields[f] === current[f]);
      if (unchanged) {
        setEtag(c, current.version);
        return c.json(current, 200);
      }
      const now = c.get("clock").now().toISOString();
      const updated: Organisation = { ...current, ...fields, updatedAt: now, version: current.version + 1 };
      // Someone else wrote between our read and our write: theirs stands, ours is refused (412).
      await orDuplicate(db, departmentCode, current.kind, fields, () =>
        conditionalWrite(
          db,
          updateOrganisation(db, departmentCode, current.id, current.version, { ...fields, updatedAt: now }),
          [
            auditEvent(c.get("services"), requestActor(c), {
              departmentCode,
              action: "organisation.updated",
              entityType: "organisation",
              entityId: current.id,
              before: current,
              after: updated,
            }),
          ],
          stale,
        ),
      );
      setEtag(c, updated.version);
      return c.json(updated, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/organisations/{id}/archive",
      operationId: "archiveOrganisation",
      tags: ["Organisations"],
      summary: "Archiver une organisation (elle reste visible dans l'historique)",
      description:
        "Avec If-Match (la version lue), refusé (412) si l'organisation a changé entre-temps. Archiver une organisation déjà archivée ne change rien.",
      access: write,
      ifMatch: "optional",
      request: { params: organisationParams },
      responses: {
        200: jsonContent(OrganisationSchema, "Organisation archivée"),
        404: problemContent("Organisation inconnue dans ce département"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const { id } = c.req.valid("param");
      const current = await findOrganisation(db, departmentCode, id);
      if (!current) throw missing();
      checkIfMatch(ifMatchOf(c), current.version, stale);
      if (current.archivedAt) {
        setEtag(c, current.version);
        return c.json(current, 200);
      }
      const now = c.get("clock").now().toISOString();
      const archived: Organisation = {
        ...current,
        archivedAt: now,
        updatedAt: now,
        version: current.version + 1,
      };
      await conditionalWrite(
        db,
        updateOrganisation(db, departmentCode, id, current.version, { archivedAt: now, updatedAt: now }),
        [
          auditEvent(c.get("services"), requestActor(c), {
            departmentCode,
            action: "organisation.archived",
            entityType: "organisation",
            entityId: id,
            before: { archivedAt: null },
            after: { archivedAt: now },
          }),
        ],
        stale,
      );
      setEtag(c, archived.version);
      return c.json(archived, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/company-register/{siret}",
      operationId: "lookupCompanyRegister",
      tags: ["Organisations"],
      summary: "Ce que le répertoire des entreprises dit d'un SIRET (nom, adresse, fermeture)",
      description:
        "Interroge l'API publique Recherche d'entreprises (recherche-entreprises.api.gouv.fr) : seul le SIRET est transmis. Un SIRET mal formé est refusé (422) sans appel. Le répertoire a 3 secondes pour répondre (504 sinon) ; une erreur de sa part donne 502. Le formulaire propose alors de saisir le nom et l'adresse.",
      access: write,
      request: { params: registerParams },
      responses: {
        200: jsonContent(CompanyRegisterEntrySchema, "L'établissement selon le répertoire"),
        404: problemContent("SIRET inconnu du répertoire des entreprises"),
        502: problemContent("Le répertoire des entreprises a répondu par une erreur"),
        504: problemContent("Le répertoire des entreprises n'a pas répondu à temps"),
      },
    }),
    async (c) => {
      const siret = compactIdentifier(c.req.valid("param").siret);
      const message = siretError(siret);
      if (message) throw invalid([{ in: "path", pointer: "/siret", detail: message }]);
      const entry = await lookupSiret(c.env.COMPANY_REGISTER_URL, siret, { requestId: c.get("requestId") });
      if (!entry)
        throw notFound("Ce SIRET est inconnu du répertoire des entreprises : saisissez le nom et l'adresse.");
      return c.json(entry, 200);
    },
  );
