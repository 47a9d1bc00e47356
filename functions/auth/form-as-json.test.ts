import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { formAsJson } from "./form-as-json";

const app = new Hono()
  .use(formAsJson())
  .post("/", async (c) => c.json({ type: c.req.header("content-type"), body: await c.req.text() }));

describe("a sign-in form reaches Auth.js as JSON", () => {
  it("turns a URL-encoded form into the same fields in JSON", async () => {
    const res = await app.request("/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: "a=b" },
      body: new URLSearchParams({ email: "é+x@maillage.test", csrfToken: "t", callbackUrl: "/" }),
    });
    const seen = await res.json<{ type: string; body: string }>();
    expect(seen.type).toBe("application/json");
    expect(JSON.parse(seen.body)).toEqual({ email: "é+x@maillage.test", csrfToken: "t", callbackUrl: "/" });
  });

  it("leaves other bodies alone", async () => {
    const res = await app.request("/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"email":"a@maillage.test"}',
    });
    expect(await res.json()).toEqual({ type: "application/json", body: '{"email":"a@maillage.test"}' });
  });
});
