import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import { type Access, describeAccess, guard } from "./access";
import type { AppEnv } from "./context";
import { fieldErrorsFromZod, invalid } from "./errors";

const targetToIn = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "header",
} as const;

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = targetToIn[result.target as keyof typeof targetToIn] ?? "body";
        throw invalid(fieldErrorsFromZod(result.error, where));
      }
    },
  });
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z
      .array(
        z.object({
          in: z.enum(["body", "query", "path", "header", "file"]),
          pointer: z.string(),
          detail: z.string(),
          code: z.string().optional(),
        }),
      )
      .optional(),
    lock: z
      .object({
        reason: z.enum(["validated", "submitted", "period_not_open", "window_closed"]),
        at: z.string().nullable(),
        byRole: z.enum(["national", "prefecture", "member"]).nullable().optional(),
      })
      .optional()
      .openapi({ description: "Rapport trimestriel : pourquoi il est verrouillé" }),
    missing: z
      .array(z.string())
      .optional()
      .openapi({ description: "Rapport trimestriel : indicateurs sans réponse qui empêchent la soumission" }),
  })
  .openapi("Problem");

/** An error answer in the OpenAPI document (the guard's 401/403 and validation's 422 are added by defineRoute). */
export const problemContent = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

/**
 * createRoute with the caller's access declared: the guard runs before validation and the
 * access level is published in the OpenAPI document as `x-access` (the authorisation matrix
 * test reads it from there).
 */
export function defineRoute<R extends Omit<RouteConfig, "middleware">>(config: R & { access: Access }) {
  const { access, ...rest } = config;
  return createRoute({
    ...rest,
    middleware: [guard(access)] as const,
    "x-access": describeAccess(access),
    ...(access.kind === "public" ? {} : { security: [{ cookie: [] }, { bearer: [] }] }),
    responses: {
      ...rest.responses,
      ...(access.kind === "public"
        ? {}
        : { 401: problemContent("Non authentifié"), 403: problemContent("Accès refusé") }),
      422: problemContent("Données invalides"),
    },
  } as unknown as R & { middleware: [ReturnType<typeof guard>] });
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
