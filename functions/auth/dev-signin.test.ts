import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, ORIGIN, setCookieLine } from "../../test/auth-browser";
import { db, department, user } from "../../test/factories";
import { createApp } from "../app";
import { newId, sha256Hex } from "../platform/ids";
import { sessions, users } from "./schema";

const production = async (req: Request) => {
  const ctx = createExecutionContext();
  const res = await createApp().app.fetch(req, { ...env, ENVIRONMENT: "production" }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
};

describe("dev sign-in (development only)", () => {
  beforeAll(async () => {
    await department("62");
  });

  it("signs an existing user in with the Auth.js session cookie", async () => {
    const u = await user("prefecture", "62", null, "prefecture-62@maillage.test");
    const browser = new Browser();
    const res = await browser.request("POST", "/api/auth/dev-signin", {
      json: { email: "Prefecture-62@maillage.test" },
    });
    expect(res.status).toBe(204);
    const cookie = setCookieLine(res, "__Host-authjs.session-token");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Expires=/);
    const me = await browser.request("GET", "/api/v1/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: u.id, email: "prefecture-62@maillage.test" } });
  });

  it("replaces the browser's previous session", async () => {
    await user("member", "62", null, "switch@maillage.test");
    const browser = new Browser();
    await browser.request("POST", "/api/auth/dev-signin", { json: { email: "prefecture-62@maillage.test" } });
    const first = browser.cookies.get("__Host-authjs.session-token") as string;
    await browser.request("POST", "/api/auth/dev-signin", { json: { email: "switch@maillage.test" } });
    expect(
      await db()
        .select()
        .from(sessions)
        .where(eq(sessions.sessionToken, await sha256Hex(first))),
    ).toHaveLength(0);
    expect(await (await browser.request("GET", "/api/v1/me")).json()).toMatchObject({
      user: { email: "switch@maillage.test" },
    });
  });

  it("refuses an unknown e-mail and creates no user", async () => {
    const res = await new Browser().request("POST", "/api/auth/dev-signin", {
      json: { email: "nobody@maillage.test" },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: "/email", code: "unknown_user" }] });
    expect(await db().select().from(users).where(eq(users.email, "nobody@maillage.test"))).toHaveLength(0);
  });

  it("refuses a cross-site request (login CSRF)", async () => {
    const browser = new Browser();
    const crossSite = await browser.request("POST", "/api/auth/dev-signin", {
      json: { email: "prefecture-62@maillage.test" },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: "csrf_failed" });
    const otherOrigin = await fetchRaw("/api/auth/dev-signin", { origin: "https://evil.example" });
    expect(otherOrigin.status).toBe(403);
    const noMarker = await fetchRaw("/api/auth/dev-signin", {});
    expect(noMarker.status).toBe(403);
    expect(setCookieLine(noMarker, "__Host-authjs.session-token")).toBeUndefined();
  });

  it("does not exist in production, and no demo accounts are offered there", async () => {
    const res = await production(
      new Request(`${ORIGIN}/api/auth/dev-signin`, {
        method: "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ email: "prefecture-62@maillage.test" }),
      }),
    );
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(setCookieLine(res, "__Host-authjs.session-token")).toBeUndefined();

    const options = await production(new Request(`${ORIGIN}/api/v1/auth/options`));
    expect(await options.json()).toEqual({ email: true, proconnect: false, devUsers: [] });

    const outbox = await production(new Request(`${ORIGIN}/api/v1/dev/outbox`));
    expect(outbox.status).toBe(404);

    const doc = (await (await production(new Request(`${ORIGIN}/api/v1/openapi.json`))).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).not.toContain("/api/v1/dev/outbox");
  });
});

describe("sign-in options", () => {
  it("offers the demo accounts that exist, with French labels, in development", async () => {
    await user("national", null, null, "national@maillage.test");
    await db().insert(users).values({ id: newId(), email: "association-62@maillage.test", name: "Asso" });
    const res = await new Browser().request("GET", "/api/v1/auth/options");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { email: boolean; proconnect: boolean; devUsers: unknown[] };
    expect(body.email).toBe(true);
    expect(body.proconnect).toBe(false);
    expect(body.devUsers).toEqual([
      { email: "national@maillage.test", label: "Administration centrale (national)" },
      { email: "prefecture-62@maillage.test", label: "Préfecture du Pas-de-Calais (62)" },
      { email: "association-62@maillage.test", label: "France Victimes 62 (membre, 62)" },
    ]);
  });

  it("says ProConnect is offered when its three settings are present", async () => {
    const ctx = createExecutionContext();
    const res = await createApp().app.fetch(
      new Request(`${ORIGIN}/api/v1/auth/options`),
      {
        ...env,
        PROCONNECT_ISSUER: "https://pc.example",
        PROCONNECT_CLIENT_ID: "id",
        PROCONNECT_CLIENT_SECRET: "s",
      },
      ctx,
    );
    expect(await res.json()).toMatchObject({ proconnect: true });
  });
});

async function fetchRaw(path: string, headers: Record<string, string>) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "10.9.9.9", ...headers },
      body: JSON.stringify({ email: "prefecture-62@maillage.test" }),
    }),
  );
}
