import { z } from "@hono/zod-openapi";
import {
  type Organisation,
  OrganisationCreateSchema,
  OrganisationKindSchema,
  OrganisationSchema,
  OrganisationUpdateSchema,
} from "../../shared/organisation";
import { departmentParams } from "../departments/routes";
import { access } from "../platform/access";
import { auditEventIfChanged, requestActor } from "../platform/audit";
import { AppError, invalid, notFound } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { decodeCursor, pageQuery, toPage } from "../platform/pagination";
import { archiveOrganisation, findOrganisation, listOrganisations, updateOrganisation } from "./queries";
import { checkUpdate, ifMatchAllows } from "./rules";
import { createOrganisation, orDuplicate } from "./service";

const organisationParams = departmentParams.extend({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

const listQuery = pageQuery.extend({
  kind: OrganisationKindSchema.optional(),
  q: z.string().trim().max(100).optional().openapi({ description: "Partie du nom" }),
  archived: z
    .enum(["true", "false"])
    .default("false")
    .openapi({ description: "false : organisations actives ; true : organisations archivées" }),
});

const Cursor = z.object({ s: z.string(), i: z.string() });

const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: 'Version attendue, telle que renvoyée dans l\'ETag (ex. "3")' }),
});

const missing = () => notFound("Cette organisation n'existe pas.");
const etag = (o: Organisation) => `"${o.version}"`;
const changes = (result: unknown) => (result as { meta?: { changes?: number } }).meta?.changes ?? 0;
const stale = () =>
  new AppError(
    412,
    "precondition_failed",
    "Cette organisation a été modifiée entre-temps : rechargez-la avant d'enregistrer vos changements.",
  );

const read = access.department("member", "prefecture", "national");
const write = access.department("prefecture");

export const organisationsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/organisations",
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
      tags: ["Organisations"],
      summary: "Enregistrer une organisation du département",
      description:
        "commune : inseeCode obligatoire (liste officielle du département) ; epci : siren obligatoire (EPCI du département) ; association : rna obligatoire ; autres types : siret obligatoire.",
      access: write,
      request: { params: departmentParams, body: jsonBody(OrganisationCreateSchema) },
      responses: {
        201: jsonContent(OrganisationSchema, "Organisation créée"),
        409: problemContent("Identifiant déjà utilisé dans ce département"),
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
      c.header("ETag", etag(organisation));
      c.header("Location", `/api/v1/departments/${departmentCode}/organisations/${organisation.id}`);
      return c.json(organisation, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/organisations/{id}",
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
      c.header("ETag", etag(organisation));
      return c.json(organisation, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/organisations/{id}",
      tags: ["Organisations"],
      summary: "Modifier le nom ou les identifiants d'une organisation",
      description:
        "Avec If-Match (la version lue), la modification est refusée (412) si l'organisation a changé entre-temps. Sans If-Match, elle s'applique à la dernière version, mais deux écritures simultanées ne peuvent pas réussir toutes les deux.",
      access: write,
      request: {
        params: organisationParams,
        headers: ifMatchHeader,
        body: jsonBody(OrganisationUpdateSchema),
      },
      responses: {
        200: jsonContent(OrganisationSchema, "Organisation modifiée"),
        404: problemContent("Organisation inconnue dans ce département"),
        409: problemContent("Identifiant déjà utilisé, ou organisation archivée"),
        412: problemContent("L'organisation a changé depuis la version indiquée"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const current = await findOrganisation(db, departmentCode, c.req.valid("param").id);
      if (!current) throw missing();
      const ifMatch = c.req.valid("header")["if-match"];
      if (ifMatch !== undefined && !ifMatchAllows(ifMatch, current.version)) throw stale();
      if (current.archivedAt)
        throw new AppError(
          409,
          "organisation_archived",
          "Cette organisation est archivée : elle ne peut plus être modifiée.",
        );
      const { errors, fields } = checkUpdate(current, c.req.valid("json"));
      if (errors.length > 0) throw invalid(errors);
      const unchanged = (["name", "siret", "rna"] as const).every((f) => fields[f] === current[f]);
      if (unchanged) {
        c.header("ETag", etag(current));
        return c.json(current, 200);
      }
      const now = c.get("clock").now().toISOString();
      const updated: Organisation = { ...current, ...fields, updatedAt: now, version: current.version + 1 };
      const [result] = await orDuplicate(current.kind, () =>
        db.batch([
          updateOrganisation(db, departmentCode, current.id, current.version, { ...fields, updatedAt: now }),
          auditEventIfChanged(c.get("services"), requestActor(c), {
            departmentCode,
            action: "organisation.updated",
            entityType: "organisation",
            entityId: current.id,
            before: current,
            after: updated,
          }),
        ]),
      );
      // Someone else wrote between our read and our write: theirs stands, ours is refused.
      if (changes(result) === 0) throw stale();
      c.header("ETag", etag(updated));
      return c.json(updated, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/organisations/{id}/archive",
      tags: ["Organisations"],
      summary: "Archiver une organisation (elle reste visible dans l'historique)",
      access: write,
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
      if (!current.archivedAt) {
        const now = c.get("clock").now().toISOString();
        await db.batch([
          archiveOrganisation(db, departmentCode, id, now),
          auditEventIfChanged(c.get("services"), requestActor(c), {
            departmentCode,
            action: "organisation.archived",
            entityType: "organisation",
            entityId: id,
            before: { archivedAt: null },
            after: { archivedAt: now },
          }),
        ]);
      }
      const organisation = await findOrganisation(db, departmentCode, id);
      if (!organisation) throw missing();
      c.header("ETag", etag(organisation));
      return c.json(organisation, 200);
    },
  );
