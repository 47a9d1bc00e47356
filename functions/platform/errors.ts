import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

/** One invalid field: `pointer` is a JSON pointer into the part of the request named by `in`. */
export type FieldError = {
  in: "body" | "query" | "path" | "header" | "file";
  pointer: string;
  detail: string;
  code?: string;
};

const titles: Record<number, string> = {
  400: "Requête invalide",
  401: "Authentification requise",
  403: "Accès refusé",
  404: "Ressource introuvable",
  409: "Conflit",
  410: "Ressource plus disponible",
  412: "La ressource a changé",
  413: "Contenu trop volumineux",
  415: "Type de contenu non pris en charge",
  421: "Requête mal dirigée",
  422: "Données invalides",
  428: "En-tête If-Match requis",
  429: "Trop de requêtes",
  500: "Erreur interne",
  502: "Erreur d'un service tiers",
  504: "Délai dépassé auprès d'un service tiers",
};

/** The problem's `title`: one French phrase per status (RFC 9457: the same for every problem of that status). */
export const problemTitle = (status: number) => titles[status] ?? "Erreur";

/**
 * The one error type of the app. `code` is stable and machine-readable; `detail` is French text
 * for the person using the UI.
 */
export class AppError extends HTTPException {
  readonly code: string;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    detail: string,
    options: {
      errors?: FieldError[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(status, { message: detail });
    this.code = code;
    this.detail = detail;
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

export const unauthenticated = () => new AppError(401, "unauthenticated", "Connectez-vous pour continuer.");
export const forbidden = (detail = "Votre rôle ne permet pas cette action.") =>
  new AppError(403, "forbidden", detail);
export const notFound = (detail = "Cette ressource n'existe pas.") => new AppError(404, "not_found", detail);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new AppError(409, "conflict", detail, { errors });
export const invalid = (errors: FieldError[], detail = "Certaines données sont invalides.") =>
  new AppError(422, "validation_failed", detail, { errors });

/** Turns a zod error into field errors; paths become JSON pointers (RFC 6901). */
export function fieldErrorsFromZod(error: ZodError, where: FieldError["in"]): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    // A strict object names its unknown keys in one issue: point at each of them.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          in: where,
          pointer: pointerOf([...issue.path, key]),
          detail: `Champ inconnu : « ${key} ».`,
          code: issue.code,
        }))
      : [{ in: where, pointer: pointerOf(issue.path), detail: issue.message, code: issue.code }],
  );
}

const pointerOf = (path: readonly PropertyKey[]) =>
  `/${path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;

export function problemBody(c: Context, err: AppError) {
  return {
    type: `/api/docs#problem-${err.code}`,
    title: problemTitle(err.status),
    status: err.status,
    detail: err.detail,
    instance: new URL(c.req.url).pathname,
    code: err.code,
    requestId: (c.get("requestId") as string | undefined) ?? "",
    ...(err.errors ? { errors: err.errors } : {}),
    ...err.extra,
  };
}

export function problemResponse(c: Context, err: AppError): Response {
  return new Response(JSON.stringify(problemBody(c, err)), {
    status: err.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...err.headers },
  });
}

/** The app's onError: known errors become problem+json, anything else a generic 500 logged with its request id. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) return problemResponse(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    // Errors raised by Hono itself (e.g. malformed JSON body) keep their status.
    const code = err.status === 400 ? "bad_request" : `http_${err.status}`;
    return problemResponse(c, new AppError(err.status, code, err.message || "Requête invalide."));
  }
  // A failed query (drizzle) carries the database's own error (D1_ERROR …) in `cause`: log the chain.
  console.error(
    JSON.stringify({
      level: "error",
      requestId: c.get("requestId"),
      error: String(err),
      stack: err.stack,
      ...(err.cause !== undefined ? { causes: causesOf(err) } : {}),
    }),
  );
  return problemResponse(
    c,
    new AppError(500, "internal", "Une erreur inattendue est survenue. Réessayez plus tard."),
  );
}

/** The `cause` chain of an error, outermost first (bounded: a cause may point back at itself). */
function causesOf(err: Error): string[] {
  const causes: string[] = [];
  let cause: unknown = err.cause;
  while (cause !== undefined && causes.length < 5) {
    causes.push(
      cause instanceof Error ? `${String(cause)}${cause.stack ? `\n${cause.stack}` : ""}` : String(cause),
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return causes;
}
