import { createMiddleware } from "hono/factory";
import { MAX_DOCUMENT_BYTES } from "../shared/contract-limits";
import { securityHeaders } from "../shared/security-headers";
import { auditRoutes } from "./audit/routes";
import { SESSION_COOKIE } from "./auth/config";
import { authRoutes, developmentHostOnly } from "./auth/routes";
import { contractsRoutes } from "./contracts/routes";
import { conventionsRoutes } from "./conventions/routes";
import { conventionLocksWithdrawal } from "./conventions/service";
import { dashboardRoutes } from "./dashboard/routes";
import { dashboardSections } from "./dashboard-sections";
import { departmentExists } from "./departments/queries";
import { departmentsRoutes } from "./departments/routes";
import { derivedProviders } from "./derived-providers";
import { revokeFeedsOfRemovedMembership } from "./governance/feed";
import { governanceRoutes } from "./governance/routes";
import { healthRoutes } from "./health/routes";
import { indicatorsRoutes } from "./indicators/routes";
import { registerValueStore } from "./indicators/value-stores";
import { meRoutes } from "./members/me.routes";
import { principal } from "./members/principal";
import { registerMembershipCascade } from "./members/revocation";
import { membersRoutes } from "./members/routes";
import { benchFloorRoutes } from "./national/bench-floor";
import { nationalRoutes } from "./national/routes";
import { organisationsRoutes } from "./organisations/routes";
import { registerWithdrawalLock } from "./placements/locks";
import { placementsRoutes } from "./placements/routes";
import { tenancy } from "./platform/access";
import { bodyLimits } from "./platform/body-limit";
import type { Clock } from "./platform/clock";
import type { AppEnv } from "./platform/context";
import { countingD1, D1_STATS_HEADERS, newD1Stats } from "./platform/d1-stats";
import { type DerivedProvider, derivedRegistry } from "./platform/derived";
import { notFound, onError, problemResponse } from "./platform/errors";
import type { Mailer } from "./platform/mailer";
import { createRouter } from "./platform/openapi";
import type { ReminderSource } from "./platform/reminders";
import { requestIds } from "./platform/request-id";
import { createServices, type ServiceDeps } from "./platform/services";
import { reminderSources } from "./reminder-sources";
import { remindersRoutes } from "./reminders/routes";
import { reportsRoutes } from "./reports/routes";
import { MAX_IMPORT_BYTES } from "./reports/service";
import { reportValuesExist } from "./reports/value-store";
import { tokensRoutes } from "./tokens/routes";

// Where indicator values are stored: the catalogue asks before changing a unit or deleting.
registerValueStore("reports", reportValuesExist);
// A signed convention stops the trainee withdrawing their application.
registerWithdrawalLock(conventionLocksWithdrawal);
// A removed membership takes its owner's calendar link to the département with it.
registerMembershipCascade(revokeFeedsOfRemovedMembership);

export type AppDeps = {
  clock?: Clock;
  mailer?: (env: AppEnv["Bindings"]) => Mailer;
  /** Derived-indicator providers (default: every capability's, functions/derived-providers.ts). */
  derived?: DerivedProvider<unknown>[];
  /** Reminder sources (default: every capability's, functions/reminder-sources.ts). */
  reminderSources?: readonly ReminderSource[];
};

/**
 * The same `createServices(env, deps)` a cron run or a queue consumer calls, here per request;
 * handlers read them from the context and pass them on. `db`, `clock` and `mailer` are also set
 * on their own, as shorthands.
 */
const services = (deps: ServiceDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const stats = c.env.D1_STATS === "1" ? newD1Stats() : null;
    const s = createServices(stats ? { ...c.env, DB: countingD1(c.env.DB, stats) } : c.env, deps);
    c.set("services", s);
    c.set("db", s.db);
    c.set("clock", s.clock);
    c.set("mailer", s.mailer);
    await next();
    if (stats) {
      c.header(D1_STATS_HEADERS.statements, String(stats.statements));
      c.header(D1_STATS_HEADERS.roundTrips, String(stats.roundTrips));
    }
  });

const headers = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Responses of other bindings (static assets) have immutable headers: copy before setting.
  c.res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  }
  // API answers are not cached, unless the route chose otherwise (the calendar feed: private).
  if (new URL(c.req.url).pathname.startsWith("/api/") && !c.res.headers.has("Cache-Control"))
    c.res.headers.set("Cache-Control", "no-store");
});

/**
 * The OpenAPI document's top level (served at /api/v1/openapi.json, exported by scripts/openapi.ts).
 * Server URL "/": the API answers on the host that serves the document (paths start with /api/v1).
 */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0" as const,
  info: {
    title: "Maillage API",
    version: "1.0.0",
    description:
      "API de Maillage : pilotage départemental de la lutte contre les violences sexistes et sexuelles. Erreurs au format RFC 9457 (application/problem+json).",
    license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
  },
  servers: [
    { url: "/", description: "Le serveur qui publie ce document (en local : http://localhost:8787)" },
  ],
};

export function createApp(deps: AppDeps = {}) {
  const app = createRouter();
  app.onError(onError);
  const serviceDeps: ServiceDeps = {
    clock: deps.clock,
    mailer: deps.mailer,
    derived: derivedRegistry(deps.derived ?? derivedProviders),
    reminderSources: deps.reminderSources ?? reminderSources,
  };
  app.use("*", requestIds(), headers, services(serviceDeps));
  app.use("*", developmentHostOnly());
  // JSON bodies: 1 MB; an imported file: its 2 MB, a contract document its 10 MB, and room for the multipart envelope.
  app.use(
    "/api/*",
    bodyLimits([
      { path: /\/report\/import$/, maxSize: MAX_IMPORT_BYTES + 64 * 1024 },
      { path: /\/contracts\/[^/]+\/documents$/, maxSize: MAX_DOCUMENT_BYTES + 64 * 1024 },
      { path: /\/conventions\/[^/]+\/signed-document$/, maxSize: MAX_DOCUMENT_BYTES + 64 * 1024 },
      { path: /\/governance\/meetings\/[^/]+\/minutes$/, maxSize: MAX_DOCUMENT_BYTES + 64 * 1024 },
    ]),
  );
  app.use("/api/v1/*", tenancy(departmentExists), principal());

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
    .route("/", indicatorsRoutes)
    .route("/", contractsRoutes)
    .route("/", remindersRoutes)
    .route("/", governanceRoutes)
    .route("/", placementsRoutes)
    .route("/", conventionsRoutes)
    .route("/", dashboardRoutes(dashboardSections));
  app.route("/api/v1", api);
  // The benchmark's in-stack floor: 404 unless BENCH_FLOOR=1 (never in production).
  app.route("/api/v1", benchFloorRoutes);

  app.doc31("/api/v1/openapi.json", OPENAPI_DOCUMENT);
  app.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: "Session ouverte par la connexion (lien par e-mail ou ProConnect) : l'interface web.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "Jeton d'API (`POST /api/v1/me/tokens` ou `npm run token`), au nom d'une appartenance.",
  });

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
