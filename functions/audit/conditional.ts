import { type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import { type AuditInput, auditEvent } from "../platform/audit";
import type { AppEnv } from "../platform/context";
import { auditEvents } from "./schema";

/**
 * The audit insert of `auditEvent`, written only if the statement just before it in the same
 * `db.batch` changed a row (SQLite's `changes()`). Put it right after a conditional write
 * (`… WHERE version = ?`, `… WHERE revoked_at IS NULL`): when the condition fails, nothing is
 * changed and nothing is audited, without a read-then-write race.
 */
export function auditEventIfChanged(c: Context<AppEnv>, input: AuditInput) {
  // Reuse auditEvent's values (actor, membership, request id…) as the select list of an INSERT … SELECT.
  const { sql: text, params } = auditEvent(c, input).toSQL();
  const values = /\) values \((.+)\)$/s.exec(text)?.[1];
  if (!values) throw new Error(`unexpected audit insert: ${text}`);
  const parts = values.split("?");
  if (parts.length !== params.length + 1) throw new Error("audit insert parameters do not line up");
  const chunks: SQL[] = [sql.raw("select ")];
  parts.forEach((part, i) => {
    chunks.push(sql.raw(part));
    if (i < params.length) chunks.push(sql`${params[i]}`);
  });
  chunks.push(sql.raw(" where changes() > 0"));
  return c.get("db").insert(auditEvents).select(sql.join(chunks));
}
