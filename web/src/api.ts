/** A small fetch client for /api/v1: same-origin cookies, JSON in and out, problem+json errors. */

/** A page of a list (cursor pagination: `nextCursor` until the last page). */
export type Page<T> = { items: T[]; nextCursor: string | null };

export type FieldError = { in?: string; pointer: string; detail: string; code?: string };

export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldError[];
};

/** An error answer of the API; `fieldErrors` maps a field path ("siret", "address/city") to its message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: Record<string, string>;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    const detail = problem.detail ?? problem.title ?? `Erreur ${status}`;
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code ?? "unknown";
    this.detail = detail;
    this.problem = problem;
    this.fieldErrors = fieldErrorsOf(problem);
  }
}

/** Turns a JSON pointer (RFC 6901) into a field path: "/address/city" → "address/city". */
export function fieldOfPointer(pointer: string): string {
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join("/");
}

/** The first message per field, so a form shows one error under each input. */
export function fieldErrorsOf(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    if (error.in !== undefined && error.in !== "body" && error.in !== "query") continue;
    const field = fieldOfPointer(error.pointer);
    out[field] ??= error.detail;
  }
  return out;
}

/** Reads an error answer: problem+json when the API sent one, else a generic French message. */
export async function problemOf(res: Response): Promise<Problem> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      return (await res.json()) as Problem;
    } catch {
      // fall through: a broken body is reported like a missing one
    }
  }
  return {
    status: res.status,
    detail:
      res.status >= 500
        ? "Le service est momentanément indisponible. Réessayez dans quelques instants."
        : `La requête a échoué (${res.status}).`,
  };
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

type Options = { query?: Query; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal };

export async function request<T>(method: string, path: string, options: Options = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const res = await fetch(withQuery(`/api/v1${path}`, options.query), {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: options.signal,
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    request<T>("PATCH", path, { body, headers }),
  delete: (path: string) => request<void>("DELETE", path),
};

/** Auth.js endpoints live outside /api/v1. */
export async function csrfToken(): Promise<string> {
  const res = await fetch("/api/auth/csrf", { credentials: "same-origin" });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const data = (await res.json()) as { csrfToken: string };
  return data.csrfToken;
}

export async function devSignIn(email: string): Promise<void> {
  const res = await fetch("/api/auth/dev-signin", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ email }),
    credentials: "same-origin",
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
}

/** A message for any error caught in the UI. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error && error.name === "AbortError") return "";
  return "Impossible de joindre le service. Vérifiez votre connexion puis réessayez.";
}
