import { z } from "@hono/zod-openapi";
import { DepartmentSettingsPatchSchema, DepartmentSettingsSchema } from "../../shared/catalogue";
import {
  CommuneSchema as Commune,
  DepartmentSchema as Department,
  DepartmentDetailSchema as DepartmentDetail,
  EpciSchema as Epci,
} from "../../shared/departments";
import { SEARCH_MAX_LENGTH, SEARCH_TOO_LONG } from "../../shared/search";
import { access } from "../platform/access";
import { requestActor } from "../platform/audit";
import { notFound } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { departmentParams } from "../platform/params";
import { getDepartment, listDepartments, searchCommunes, searchEpcis } from "./queries";
import { updateSettings } from "./settings";

const searchQuery = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH, SEARCH_TOO_LONG).optional().openapi({
    description:
      "Nom (sans tenir compte des accents, majuscules ni tirets ; communes : début du nom ou d'un de ses mots, EPCI : n'importe où) ou début du code",
  }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const departmentsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments",
      operationId: "listDepartments",
      tags: ["Départements"],
      summary: "Les départements accessibles (tous pour le niveau national)",
      access: access.signedIn,
      responses: { 200: jsonContent(z.object({ items: z.array(Department) }), "Départements") },
    }),
    async (c) => {
      const principal = c.get("principal");
      const memberships = principal?.memberships ?? [];
      const codes = memberships.some((m) => m.role === "national")
        ? null
        : [...new Set(memberships.flatMap((m) => (m.departmentCode ? [m.departmentCode] : [])))];
      return c.json({ items: await listDepartments(c.get("db"), codes) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}",
      operationId: "getDepartment",
      tags: ["Départements"],
      summary: "Un département et ses arrondissements",
      access: access.department("member", "prefecture", "national"),
      request: { params: departmentParams },
      responses: {
        200: jsonContent(DepartmentDetail, "Département"),
        404: problemContent("Département inconnu"),
      },
    }),
    async (c) => {
      const department = await getDepartment(c.get("db"), c.get("tenant").departmentCode);
      if (!department) throw notFound("Ce département n'existe pas.");
      return c.json(department, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/communes",
      operationId: "listCommunes",
      tags: ["Départements"],
      summary: "Les communes du département (liste officielle)",
      access: access.department("member", "prefecture", "national"),
      request: { params: departmentParams, query: searchQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(Commune) }), "Communes") },
    }),
    async (c) => {
      const { q, limit } = c.req.valid("query");
      const items = await searchCommunes(c.get("db"), c.get("tenant").departmentCode, q || undefined, limit);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/epcis",
      operationId: "listEpcis",
      tags: ["Départements"],
      summary: "Les EPCI ayant des communes membres dans le département",
      access: access.department("member", "prefecture", "national"),
      request: { params: departmentParams, query: searchQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(Epci) }), "EPCI") },
    }),
    async (c) => {
      const { q, limit } = c.req.valid("query");
      const items = await searchEpcis(c.get("db"), c.get("tenant").departmentCode, q || undefined, limit);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/settings",
      operationId: "updateDepartmentSettings",
      tags: ["Départements"],
      summary:
        "Régler le délai de remise des rapports trimestriels et la fenêtre de saisie des organisations (jours après la fin du trimestre)",
      access: access.department("prefecture"),
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(DepartmentSettingsPatchSchema) },
      responses: { 200: jsonContent(DepartmentSettingsSchema, "Réglages du département") },
    }),
    async (c) => {
      const settings = await updateSettings(
        c.get("services"),
        requestActor(c),
        c.get("tenant").departmentCode,
        c.req.valid("json"),
      );
      return c.json(settings, 200);
    },
  );
