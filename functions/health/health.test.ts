import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import apiDocsPage from "../../web/public/api-docs/index.html?raw";
import { createApp } from "../app";

describe("health", () => {
  it("answers ok with security headers", async () => {
    const res = await exports.default.fetch("http://localhost/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers an unknown API path with a problem+json 404", async () => {
    const res = await exports.default.fetch("http://localhost/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("API reference", () => {
  it("serves the offline reference page with the security headers", async () => {
    // The static assets are the built UI (web/dist), which unit tests do not need: the page is
    // served here from its source, as the assets binding would serve it after `npm run build`.
    const asked: string[] = [];
    const ASSETS = {
      fetch: async (req: Request) => {
        asked.push(new URL(req.url).pathname);
        return new Response(apiDocsPage, { headers: { "content-type": "text/html" } });
      },
    } as unknown as Fetcher;
    const { app } = createApp();
    const res = await app.fetch(
      new Request("http://localhost/api/docs"),
      { ...env, ASSETS },
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    expect(asked).toEqual(["/api-docs/"]);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const page = await res.text();
    expect(page).toContain('<script src="/api-docs/swagger-ui-bundle.js"></script>');
    expect(page).not.toMatch(/https?:\/\//);
  });
});
