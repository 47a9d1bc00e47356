import { createMiddleware } from "hono/factory";
import { requestId } from "hono/request-id";
import { securityHeaders } from "../shared/security-headers";
import { auditRoutes } from "./audit/routes";
import { SESSION_COOKIE } from "./auth/config";
import { meRoutes } from "./auth/me.routes";
import { principal } from "./auth/principal";
import { authRoutes } from "./auth/routes";
import { departmentsRoutes } from "./departments/routes";
import { healthRoutes } from "./health/routes";
import { indicatorsRoutes } from "./indicators/routes";
import { membersRoutes } from "./members/routes";
import { nationalRoutes } from "./national/routes";
import { organisationsRoutes } from "./organisations/routes";
import { type Clock, systemClock } from "./platform/clock";
import type { AppEnv } from "./platform/context";
import { createDb } from "./platform/db";
import { notFound, onError, problemResponse } from "./platform/errors";
import { createMailer, type Mailer } from "./platform/mailer";
import { createRouter } from "./platform/openapi";
import { reportsRoutes } from "./reports/routes";
import { tokensRoutes } from "./tokens/routes";

export type AppDeps = { clock?: Clock; mailer?: (env: AppEnv["Bindings"]) => Mailer };

/** Services are built per request from the request's bindings, then handed to handlers via the context. */
const services = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const db = createDb(c.env.DB);
    const clock = deps.clock ?? systemClock;
    c.set("db", db);
    c.set("clock", clock);
    c.set(
      "mailer",
      deps.mailer?.(c.env) ??
        createMailer({
          db,
          clock,
          deliver: c.env.ENVIRONMENT !== "development",
          from: c.env.MAIL_FROM,
          email: c.env.EMAIL,
        }),
    );
    await next();
  });

const headers = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Responses of other bindings (static assets) have immutable headers: copy before setting.
  c.res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  }
  if (new URL(c.req.url).pathname.startsWith("/api/")) c.res.headers.set("Cache-Control", "no-store");
});

export function createApp(deps: AppDeps = {}) {
  const app = createRouter();
  app.onError(onError);
  app.use("*", requestId({ headerName: "X-Request-Id" }), headers, services(deps));
  app.use("/api/v1/*", principal());

  app.route("/api/auth", authRoutes);

  const api = createRouter()
    .route("/", healthRoutes)
    .route("/", meRoutes)
    .route("/", tokensRoutes)
    .route("/", departmentsRoutes)
    .route("/", organisationsRoutes)
    .route("/", membersRoutes)
    .route("/", auditRoutes)
    .route("/", reportsRoutes)
    .route("/", nationalRoutes)
    .route("/", indicatorsRoutes);
  app.route("/api/v1", api);

  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Maillage API",
      version: "1.0.0",
      description:
        "API de Maillage : pilotage départemental de la lutte contre les violences sexistes et sexuelles. Erreurs au format RFC 9457 (application/problem+json).",
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  // The offline API reference (swagger-ui served from our own assets, no CDN).
  app.get("/api/docs", (c) => c.env.ASSETS.fetch(new Request(new URL("/api-docs/", c.req.url))));

  app.notFound((c) => {
    if (new URL(c.req.url).pathname.startsWith("/api/"))
      return problemResponse(c, notFound("Cette adresse d'API n'existe pas."));
    return c.env.ASSETS.fetch(c.req.raw);
  });
  return { app, api };
}

export type AppType = ReturnType<typeof createApp>["api"];
