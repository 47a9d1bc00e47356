import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import { LockReasonSchema } from "../../shared/reports";
import { RoleSchema } from "../../shared/roles";
import { type Access, describeAccess, guard } from "./access";
import { type IfMatchMode, preconditions } from "./concurrency";
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
        reason: LockReasonSchema,
        at: z.string().nullable(),
        byRole: RoleSchema.nullable().optional(),
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

const ifMatchHeaders = {
  required: z.object({
    "if-match": z.string().openapi({ description: 'ETag de la version lue (ex. "3"), obligatoire' }),
  }),
  optional: z.object({
    "if-match": z
      .string()
      .optional()
      .openapi({ description: 'ETag de la version lue (ex. "3") : refusé (412) si la ressource a changé' }),
  }),
};

const ifMatchResponses = {
  required: {
    412: problemContent("If-Match périmé : la ressource a changé depuis sa lecture, rien n'est écrit"),
    428: problemContent("En-tête If-Match manquant"),
  },
  optional: {
    412: problemContent("If-Match périmé : la ressource a changé depuis sa lecture, rien n'est écrit"),
  },
  unversioned: {},
};

type Config = Omit<RouteConfig, "middleware"> & {
  access: Access;
  /**
   * How a state-changing route treats If-Match (see concurrency.ts); every POST, PUT, PATCH and
   * DELETE declares it, and the generated concurrency test holds the route to it.
   */
  ifMatch?: IfMatchMode;
  /**
   * Required: generated clients name their methods after it, so it must be stable and descriptive
   * (`listOrganisations`, `putReportValues`), never derived from the path.
   */
  operationId: string;
};

/** Whether a route reads anything the validator can refuse (else it can never answer 422). */
const hasInput = (request: RouteConfig["request"], ifMatch?: IfMatchMode) =>
  Boolean(request?.params || request?.query || request?.headers || request?.body || request?.cookies) ||
  (ifMatch !== undefined && ifMatch !== "unversioned");

/**
 * createRoute with the caller's access declared: the guard runs before validation and the
 * access level is published in the OpenAPI document as `x-access` (the authorisation matrix
 * test reads it from there), with the matching `security` (none for a public route). A write's
 * `ifMatch` is published as `x-if-match`; its header, 412 and 428 are documented from it, and its
 * malformed (422) or missing (428) If-Match refused before the body is read.
 */
export function defineRoute<R extends Config>(config: R) {
  const { access, ifMatch, ...rest } = config;
  const versioned = ifMatch === "required" || ifMatch === "optional";
  const request = versioned
    ? {
        ...rest.request,
        headers: rest.request?.headers
          ? (rest.request.headers as z.ZodObject).extend(ifMatchHeaders[ifMatch].shape)
          : ifMatchHeaders[ifMatch],
      }
    : rest.request;
  const json = Object.keys(
    (rest.request?.body as { content?: Record<string, unknown> } | undefined)?.content ?? {},
  ).includes("application/json");
  return createRoute({
    ...rest,
    ...(request ? { request } : {}),
    middleware: [guard(access), ...(ifMatch ? [preconditions(ifMatch)] : [])] as const,
    "x-access": describeAccess(access),
    ...(ifMatch ? { "x-if-match": ifMatch } : {}),
    security: access.kind === "public" ? [] : [{ cookie: [] }, { bearer: [] }],
    responses: {
      ...(json ? { 400: problemContent("Corps JSON illisible") } : {}),
      ...(access.kind === "department" ? { 404: problemContent("Département inconnu") } : {}),
      // A route that takes a file documents its own 413.
      ...(rest.request?.body
        ? { 413: problemContent("Corps de requête trop volumineux (1 Mo au plus)") }
        : {}),
      ...rest.responses,
      ...(ifMatch ? ifMatchResponses[ifMatch] : {}),
      // A public route still reads an Authorization header when one is sent (principal.ts).
      ...(access.kind === "public"
        ? { 401: problemContent("Jeton d'API envoyé mais invalide, expiré ou révoqué") }
        : { 401: problemContent("Non authentifié"), 403: problemContent("Accès refusé") }),
      ...(hasInput(rest.request, ifMatch) ? { 422: problemContent("Données invalides") } : {}),
    },
  } as unknown as R & { middleware: [ReturnType<typeof guard>] });
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A JSON request body; its `example` is published (and sent by the generated concurrency test). */
export const jsonBody = <T extends z.ZodType>(schema: T, example?: z.input<T>) => ({
  required: true,
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});
