import { z } from "@hono/zod-openapi";
import { access } from "../platform/access";
import { createRouter, defineRoute, jsonContent, problemContent } from "../platform/openapi";
import { decodeCursor, pageQuery, toPage } from "../platform/pagination";
import { departmentParams } from "../platform/params";
import { listAuditEvents } from "./queries";

const AuditEvent = z
  .object({
    id: z.string(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    membershipId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    actorKind: z.enum(["user", "system:cron", "system:queue"]).openapi({
      description: "Une personne (actorUserId, membershipId) ou une tâche du système (tâche planifiée, file)",
    }),
    requestId: z.string().openapi({
      description:
        "Identifiant de la requête, donné par le serveur ; pour une tâche du système, celui de la tâche ou du message",
    }),
    clientRequestId: z.string().nullable().openapi({
      description:
        "L'en-tête X-Request-Id envoyé par le client (100 caractères sûrs au plus), pour corrélation",
    }),
  })
  .openapi("AuditEvent");

const Cursor = z.object({ at: z.string(), id: z.string() });

export const auditRoutes = createRouter().openapi(
  defineRoute({
    method: "get",
    path: "/departments/{code}/audit",
    operationId: "listAuditEvents",
    tags: ["Journal"],
    summary: "Le journal des modifications du département, du plus récent au plus ancien",
    access: access.department("prefecture", "national"),
    request: { params: departmentParams, query: pageQuery },
    responses: {
      200: jsonContent(
        z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() }),
        "Une page du journal",
      ),
      400: problemContent("Curseur invalide"),
    },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listAuditEvents(c.get("db"), c.get("tenant").departmentCode, {
      limit,
      before: decodeCursor(cursor, Cursor),
    });
    return c.json(
      toPage(rows, limit, (e) => ({ at: e.at, id: e.id })),
      200,
    );
  },
);
