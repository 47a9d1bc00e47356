import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { access } from "../platform/access";
import { createRouter, defineRoute, jsonContent } from "../platform/openapi";

const Health = z
  .object({ status: z.literal("ok"), database: z.literal("ok"), time: z.string() })
  .openapi("Health");

export const healthRoutes = createRouter().openapi(
  defineRoute({
    method: "get",
    path: "/health",
    operationId: "getHealth",
    tags: ["Santé"],
    summary: "Le service et sa base répondent",
    access: access.public,
    responses: { 200: jsonContent(Health, "Service disponible") },
  }),
  async (c) => {
    await c.get("db").run(sql`select 1`);
    return c.json(
      { status: "ok" as const, database: "ok" as const, time: c.get("clock").now().toISOString() },
      200,
    );
  },
);
