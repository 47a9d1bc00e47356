import type { MiddlewareHandler } from "hono";

/**
 * Auth.js reads a form body with `req.text()`, which workerd flags on every sign-in POST ("Called
 * .text() on an HTTP body which does not appear to be text"). It reads a JSON body into the same
 * object (`getBody` in @auth/core), so the form is handed to it as JSON.
 */
export const formAsJson = (): MiddlewareHandler => async (c, next) => {
  if (
    c.req.method === "POST" &&
    c.req.header("content-type")?.includes("application/x-www-form-urlencoded")
  ) {
    const form = new URLSearchParams(new TextDecoder().decode(await c.req.raw.arrayBuffer()));
    const headers = new Headers(c.req.raw.headers);
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    c.req.raw = new Request(c.req.raw.url, {
      method: "POST",
      headers,
      body: JSON.stringify(Object.fromEntries(form)),
      redirect: c.req.raw.redirect,
    });
  }
  await next();
};
