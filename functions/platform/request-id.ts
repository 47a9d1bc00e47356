import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";

export const CLIENT_REQUEST_ID_MAX = 100;

/**
 * A client's `X-Request-Id`, kept for correlation only: characters outside `A-Z a-z 0-9 . _ : -`
 * dropped, at most 100 kept; null when nothing is left.
 */
export function clientRequestId(header: string | undefined): string | null {
  if (!header) return null;
  const safe = header.replace(/[^A-Za-z0-9._:-]/g, "").slice(0, CLIENT_REQUEST_ID_MAX);
  return safe === "" ? null : safe;
}

/**
 * Every request gets an id generated here (answered in `X-Request-Id`, written into the audit and
 * the logs). A client cannot choose it: its own `X-Request-Id` goes to `clientRequestId`.
 */
export const requestIds = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const id = crypto.randomUUID();
    c.set("requestId", id);
    c.set("clientRequestId", clientRequestId(c.req.header("x-request-id")));
    c.header("X-Request-Id", id);
    await next();
  });
