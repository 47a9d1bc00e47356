import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { type Db, guardedBatch, StaleWrite } from "./db";
import { AppError, invalid } from "./errors";

/**
 * Optimistic concurrency, one way for every versioned resource: its ETag is its `version` in quotes
 * (`"3"`), a write names the version it read in `If-Match`, and a stale one is refused (412).
 */

/**
 * How a state-changing route treats `If-Match` (declared on its definition, see openapi.ts):
 * - `required`: 428 without it, 412 when stale;
 * - `optional`: honoured when sent (412 when stale), the last version otherwise;
 * - `unversioned`: the route creates something or acts on a thing without an ETag.
 */
export type IfMatchMode = "required" | "optional" | "unversioned";

export const etagOf = (version: number) => `"${version}"`;

/** One entity-tag of an If-Match list. */
export type EntityTag = { weak: boolean; opaque: string };
/** An If-Match header: `*` or a list of entity-tags. */
export type IfMatch = "*" | EntityTag[];

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text
const entityTag = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/**
 * Parses an If-Match value (RFC 9110 §13.1.1: `"*" / #entity-tag`); undefined when malformed.
 * Empty list elements are allowed by the list syntax and skipped; a list with no tag is malformed.
 */
export function parseIfMatch(value: string): IfMatch | undefined {
  const trimmed = value.trim();
  if (trimmed === "*") return "*";
  const tags: EntityTag[] = [];
  // A comma cannot occur inside an entity-tag (etagc excludes it), so splitting on commas is exact.
  for (const element of trimmed.split(",")) {
    const item = element.trim();
    if (item === "") continue;
    const m = entityTag.exec(item);
    if (!m) return undefined;
    tags.push({ weak: m[1] !== undefined, opaque: m[2] as string });
  }
  return tags.length > 0 ? tags : undefined;
}

/** The If-Match a job without a request gives to write over `version` (`"3"`). */
export const ifMatchVersion = (version: number): IfMatch => [{ weak: false, opaque: String(version) }];

/**
 * Whether a write on `version` may proceed. No header: yes. `*`: yes (every resource this is asked
 * about has a current representation). A list: when one of its tags names this version.
 *
 * Deliberately not RFC 9110's strong comparison: our ETag names the resource's version, not its
 * bytes, and a proxy that compresses the answer (Cloudflare, nginx) turns `"3"` into `W/"3"`; a
 * client echoing what it received must not be refused for that.
 */
export function ifMatchAllows(ifMatch: IfMatch | undefined, version: number): boolean {
  if (ifMatch === undefined || ifMatch === "*") return true;
  return ifMatch.some((tag) => tag.opaque === String(version));
}

/** 412: the resource changed since the version the client names. `detail` says which resource. */
export const preconditionFailed = (
  detail = "La ressource a été modifiée entre-temps : rechargez-la avant d'enregistrer vos changements.",
) => new AppError(412, "precondition_failed", detail);

/** 428: this write needs the version it replaces. */
export const preconditionRequired = () =>
  new AppError(428, "precondition_required", "Indiquez l'en-tête If-Match avec l'ETag de la version lue.", {
    errors: [{ in: "header", pointer: "/If-Match", detail: "En-tête requis" }],
  });

const malformed = () =>
  invalid(
    [
      {
        in: "header",
        pointer: "/If-Match",
        detail: 'Attendu : * ou une liste d\'ETag entre guillemets (ex. "3").',
        code: "invalid_if_match",
      },
    ],
    "L'en-tête If-Match est mal formé.",
  );

/** The request's If-Match, parsed; undefined when absent or blank; 422 when malformed. */
export function ifMatchOf(c: Context): IfMatch | undefined {
  const header = c.req.header("if-match");
  if (header === undefined || header.trim() === "") return undefined;
  const parsed = parseIfMatch(header);
  if (!parsed) throw malformed();
  return parsed;
}

/** The request's If-Match where a route requires it: 428 when absent. */
export function requiredIfMatch(c: Context): IfMatch {
  const ifMatch = ifMatchOf(c);
  if (ifMatch === undefined) throw preconditionRequired();
  return ifMatch;
}

/** Throws `stale()` (412) unless the If-Match allows a write on `version`. */
export function checkIfMatch(ifMatch: IfMatch | undefined, version: number, stale = preconditionFailed) {
  if (!ifMatchAllows(ifMatch, version)) throw stale();
}

/**
 * Run by defineRoute on every route that declares `ifMatch`, before the body is read: a malformed
 * header is refused (422), and a missing one where it is required (428).
 */
export const preconditions = (mode: IfMatchMode) =>
  createMiddleware(async (c, next) => {
    if (mode === "required") requiredIfMatch(c);
    else if (mode === "optional") ifMatchOf(c);
    return next();
  });

/**
 * A conditional update and what goes with it (audit, history…), committed together only if the
 * update matched its row (`… WHERE version = ?`): otherwise nothing is written and `stale()` is
 * thrown. Two concurrent writers of one version never both win.
 */
export async function conditionalWrite(
  db: Db,
  conditional: BatchItem<"sqlite">,
  rest: BatchItem<"sqlite">[],
  stale = preconditionFailed,
): Promise<void> {
  try {
    await guardedBatch(db, conditional, rest);
  } catch (error) {
    if (error instanceof StaleWrite) throw stale();
    throw error;
  }
}

/** Sets the answer's ETag. */
export function setEtag(c: Context, version: number) {
  c.header("ETag", etagOf(version));
}
