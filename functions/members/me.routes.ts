import { desc, eq, inArray } from "drizzle-orm";
import { AuthOptionsSchema, MeSchema } from "../../shared/me";
import { isDevelopment } from "../auth/config";
import { proConnectSettings } from "../auth/providers";
import { developmentOnly } from "../auth/routes";
import { users } from "../auth/schema";
import { departments } from "../departments/schema";
import { organisations } from "../organisations/schema";
import { access } from "../platform/access";
import { createRouter, defineRoute, jsonContent } from "../platform/openapi";
import { mailLog } from "../platform/schema";
import { memberships } from "./schema";

/** The demo accounts written by scripts/seed.ts, offered for one-click sign-in in development. */
export const DEV_USERS = [
  { email: "national@maillage.test", label: "Administration centrale (national)" },
  { email: "prefecture-62@maillage.test", label: "Préfecture du Pas-de-Calais (62)" },
  { email: "prefecture-59@maillage.test", label: "Préfecture du Nord (59)" },
  { email: "collectivite-62@maillage.test", label: "Communauté urbaine d'Arras (membre, 62)" },
  { email: "association-62@maillage.test", label: "France Victimes 62 (membre, 62)" },
];

const ROLE_ORDER = { national: 0, prefecture: 1, member: 2 } as const;

export const meRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/auth/options",
      operationId: "getSignInOptions",
      tags: ["Connexion"],
      summary: "Moyens de connexion proposés",
      description:
        "Lien par courriel toujours ; ProConnect s'il est configuré ; comptes de démonstration en développement seulement.",
      access: access.public,
      responses: { 200: jsonContent(AuthOptionsSchema, "Moyens de connexion") },
    }),
    async (c) => {
      let devUsers: { email: string; label: string }[] = [];
      if (isDevelopment(c.env)) {
        const rows = await c
          .get("db")
          .select({ email: users.email })
          .from(users)
          .where(
            inArray(
              users.email,
              DEV_USERS.map((u) => u.email),
            ),
          );
        const present = new Set(rows.map((r) => r.email));
        devUsers = DEV_USERS.filter((u) => present.has(u.email));
      }
      return c.json({ email: true as const, proconnect: proConnectSettings(c.env) !== null, devUsers }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tags: ["Connexion"],
      summary: "L'utilisateur connecté et ses rattachements",
      description: "Appelé avec un jeton d'API, ne montre que le rattachement du jeton.",
      access: access.signedIn,
      responses: { 200: jsonContent(MeSchema, "Utilisateur connecté") },
    }),
    async (c) => {
      // biome-ignore lint/style/noNonNullAssertion: the signedIn guard ran
      const principal = c.get("principal")!;
      const ids = principal.memberships.map((m) => m.id);
      const rows =
        ids.length === 0
          ? []
          : await c
              .get("db")
              .select({
                id: memberships.id,
                role: memberships.role,
                departmentCode: memberships.departmentCode,
                departmentName: departments.name,
                organisationId: memberships.organisationId,
                organisationName: organisations.name,
              })
              .from(memberships)
              .leftJoin(departments, eq(departments.code, memberships.departmentCode))
              .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
              .where(inArray(memberships.id, ids));
      rows.sort(
        (a, b) =>
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          (a.departmentCode ?? "").localeCompare(b.departmentCode ?? "") ||
          (a.organisationName ?? "").localeCompare(b.organisationName ?? "", "fr"),
      );
      return c.json(
        { user: { id: principal.userId, email: principal.email, name: principal.name }, memberships: rows },
        200,
      );
    },
  );

/**
 * Development only (404 otherwise, and absent from the OpenAPI document): the mail outbox, so a
 * developer can open the magic link without a mail server.
 */
meRoutes.get("/dev/outbox", developmentOnly(), async (c) => {
  const rows = await c
    .get("db")
    .select({
      id: mailLog.id,
      to: mailLog.to,
      subject: mailLog.subject,
      text: mailLog.text,
      createdAt: mailLog.createdAt,
    })
    .from(mailLog)
    .orderBy(desc(mailLog.createdAt), desc(mailLog.id))
    .limit(50);
  return c.json({ items: rows });
});
