import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";
import { AppError } from "./errors";

/** Largest request body by default (JSON writes): 1 MB. */
export const JSON_BODY_LIMIT = 1024 * 1024;

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} Mo`.replace(".", ",");

/**
 * Refuses a request body above its limit with 413 problem+json, before anything reads it (a body
 * sent without Content-Length is counted as it streams). Routes that take files declare their own
 * larger limit in `larger` (matched on the path).
 */
export function bodyLimits(larger: { path: RegExp; maxSize: number }[] = []) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const maxSize = larger.find((rule) => rule.path.test(c.req.path))?.maxSize ?? JSON_BODY_LIMIT;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError(
          413,
          "body_too_large",
          `Requête trop volumineuse : ${megabytes(maxSize)} au plus.`,
          {
            errors: [{ in: "body", pointer: "", detail: `${megabytes(maxSize)} au plus` }],
          },
        );
      },
    })(c, next);
  });
}
