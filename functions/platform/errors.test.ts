import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "./context";
import { createDb } from "./db";
import { onError } from "./errors";

afterEach(() => vi.restoreAllMocks());

describe("unknown errors", () => {
  it("answer a generic 500 and log the database's own error (the cause), with the request id", async () => {
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.use(requestId());
    app.get("/boom", async (c) => {
      // D1 refuses LIKE patterns over 50 bytes; drizzle wraps its error ("Failed query…") with it as cause.
      await createDb(env.DB).run(sql`select 1 where 'a' like ${"a".repeat(60)}`);
      return c.text("unreachable");
    });
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));

    const res = await app.request("/boom", {}, env);

    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain("LIKE");
    const { requestId: answered } = JSON.parse(body) as { requestId: string };
    expect(logged).toHaveLength(1);
    const entry = JSON.parse(logged[0] ?? "{}") as { requestId: string; error: string; causes?: string[] };
    expect(entry.requestId).toBeTruthy();
    expect(entry.requestId).toBe(answered);
    expect(entry.error).toContain("Failed query");
    expect(entry.causes?.[0]).toContain("LIKE or GLOB pattern too complex");
  });
});
