import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

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
    const res = await exports.default.fetch("http://localhost/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await res.text()).toContain("/api-docs/swagger-ui-bundle.js");
  });
});
