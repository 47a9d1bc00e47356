import { z } from "@hono/zod-openapi";
import { Period } from "../../shared/periods";
import { ReopenSchema, ReportSchema, SaveValuesSchema, ValueHistorySchema } from "../../shared/reports";
import { access } from "../platform/access";
import { createRouter, defineRoute, jsonBody, jsonContent } from "../platform/openapi";
import { historyOf } from "./queries";
import { applyTransition, etagOf, reportView, saveValues, versionFromIfMatch } from "./service";

const ReportParams = z.object({
  code: z.string().openapi({ example: "62" }),
  period: Period.openapi({ example: "2026-Q3" }),
});
const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: "ETag du rapport lu" }),
});

const base = "/departments/{code}/periods/{period}/report";
const readers = access.department("member", "prefecture", "national");
const tags = ["Rapports trimestriels"];

const reportResponse = {
  200: {
    ...jsonContent(ReportSchema, "Le rapport"),
    headers: { ETag: { schema: { type: "string" as const } } },
  },
};

const transitionRoute = (action: "submit" | "validate" | "reopen", summary: string) =>
  defineRoute({
    method: "post",
    path: `${base}/${action}`,
    tags,
    summary,
    access: access.department("prefecture"),
    request: {
      params: ReportParams,
      headers: ifMatchHeader,
      ...(action === "reopen" ? { body: jsonBody(ReopenSchema) } : {}),
    },
    responses: reportResponse,
  });

export const reportsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: base,
      tags,
      summary: "Le rapport d'un trimestre : état, échéance, complétude et valeurs",
      access: readers,
      request: { params: ReportParams },
      responses: reportResponse,
    }),
    async (c) => {
      const view = await reportView(c, c.req.valid("param").period);
      c.header("ETag", etagOf(view.version));
      return c.json(view, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: `${base}/values`,
      tags,
      summary: "Enregistrer plusieurs valeurs (tout ou rien, If-Match obligatoire)",
      access: access.department("member", "prefecture"),
      request: { params: ReportParams, headers: ifMatchHeader, body: jsonBody(SaveValuesSchema) },
      responses: reportResponse,
    }),
    async (c) => {
      const { period } = c.req.valid("param");
      const version = versionFromIfMatch(c.req.header("if-match"));
      await saveValues(c, period, c.req.valid("json").values, version, "api");
      const view = await reportView(c, period);
      c.header("ETag", etagOf(view.version));
      return c.json(view, 200);
    },
  )
  .openapi(transitionRoute("submit", "Soumettre le rapport à la validation"), async (c) => {
    const { period } = c.req.valid("param");
    await applyTransition(c, period, "submit", c.req.header("if-match"));
    const view = await reportView(c, period);
    c.header("ETag", etagOf(view.version));
    return c.json(view, 200);
  })
  .openapi(transitionRoute("validate", "Valider et verrouiller le rapport"), async (c) => {
    const { period } = c.req.valid("param");
    await applyTransition(c, period, "validate", c.req.header("if-match"));
    const view = await reportView(c, period);
    c.header("ETag", etagOf(view.version));
    return c.json(view, 200);
  })
  .openapi(transitionRoute("reopen", "Rouvrir le rapport (motif obligatoire)"), async (c) => {
    const { period } = c.req.valid("param");
    const body = (await c.req.json().catch(() => ({}))) as { reason?: string };
    await applyTransition(c, period, "reopen", c.req.header("if-match"), body.reason);
    const view = await reportView(c, period);
    c.header("ETag", etagOf(view.version));
    return c.json(view, 200);
  })
  .openapi(
    defineRoute({
      method: "get",
      path: `${base}/values/{indicator}/history`,
      tags,
      summary: "Historique des modifications d'une valeur",
      access: readers,
      request: { params: ReportParams.extend({ indicator: z.string().max(40) }) },
      responses: { 200: jsonContent(ValueHistorySchema, "Modifications, la plus récente d'abord") },
    }),
    async (c) => {
      const { period, indicator } = c.req.valid("param");
      const items = await historyOf(c.get("db"), c.get("tenant").departmentCode, period, indicator);
      return c.json(
        { items: items.map((i) => ({ ...i, value: (i.value ?? null) as string | number | boolean | null })) },
        200,
      );
    },
  );
