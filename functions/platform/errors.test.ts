import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp, OPENAPI_DOCUMENT } from "../app";
import type { AppEnv } from "./context";
import { createDb } from "./db";
import { AppError, onError, problemTitle } from "./errors";

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

describe("problem titles", () => {
  it("name a third party's failure (502) and its silence (504) in French", async () => {
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.use(requestId());
    app.get("/:status", (c) => {
      const status = Number(c.req.param("status")) as 502 | 504;
      throw new AppError(status, status === 504 ? "upstream_timeout" : "upstream_error", "Le répertoire…");
    });
    const title = async (status: number) =>
      ((await (await app.request(`/${status}`, {}, env)).json()) as { title: string }).title;
    expect(await title(502)).toBe("Erreur d'un service tiers");
    expect(await title(504)).toBe("Délai dépassé auprès d'un service tiers");
  });

  it("exist for every error status a route of the OpenAPI document declares", () => {
    const doc = createApp().app.getOpenAPI31Document(OPENAPI_DOCUMENT) as unknown as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const declared = new Set(
      Object.values(doc.paths).flatMap((item) =>
        Object.values(item).flatMap((op) => Object.keys(op.responses ?? {}).map(Number)),
      ),
    );
    const errors = [...declared].filter((status) => status >= 400).sort();
    expect(errors).toEqual(expect.arrayContaining([422, 502, 504]));
    expect(errors.filter((status) => problemTitle(status) === "Erreur")).toEqual([]);
  });
});
