import { z } from "@hono/zod-openapi";
import { AppError } from "./errors";
import { base64url } from "./ids";

export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ description: "Taille de page (1–200)" }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: "Curseur opaque renvoyé par la page précédente" }),
});

export function encodeCursor(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  try {
    const b64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));
    return schema.parse(JSON.parse(json));
  } catch {
    throw new AppError(400, "invalid_cursor", "Le curseur de pagination est invalide.", {
      errors: [{ in: "query", pointer: "/cursor", detail: "Curseur invalide" }],
    });
  }
}

/** Fetch limit+1 rows, return a page and the cursor of its last row when more remain. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(cursorOf(last)) : null;
  return { items, nextCursor };
}
