import { z } from "@hono/zod-openapi";
import type { Context, HonoRequest } from "hono";
import { Period, parisDate, parsePeriod, periodOf, previousPeriod, range } from "../../shared/periods";
import {
  ReopenSchema,
  ReportSchema,
  ReportSummarySchema,
  SaveValuesSchema,
  ValueHistorySchema,
} from "../../shared/reports";
import { canonicalOrigin } from "../auth/config";
import { access } from "../platform/access";
import { requestActor } from "../platform/audit";
import { ifMatchOf, requiredIfMatch, setEtag } from "../platform/concurrency";
import type { AppEnv } from "../platform/context";
import { attachmentHeader } from "../platform/documents";
import { AppError } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import type { ReportAction } from "./domain/workflow";
import { reportToCsv, reportToXlsx } from "./import/report";
import { markOrganisationDone, remindOrganisation } from "./partners";
import { reportPdf } from "./pdf";
import { historyOf } from "./queries";
import { applyTransition, importReport, reportSummaries, reportView, saveValues } from "./service";
import type { ReportView } from "./view";

const ReportParams = z.object({
  code: z.string().openapi({ example: "62" }),
  period: Period.openapi({ example: "2026-Q3" }),
});

const base = "/departments/{code}/periods/{period}/report";

const OrganisationParams = ReportParams.extend({ organisationId: z.string().max(40) });

const ImportResult = z
  .object({
    changed: z.array(z.string()).openapi({ description: "Indicateurs modifiés" }),
    unchanged: z.number().int().openapi({ description: "Lignes identiques aux valeurs déjà enregistrées" }),
    skipped: z.array(
      z.object({ line: z.number().int(), indicator: z.string(), reason: z.enum(["empty", "derived"]) }),
    ),
    report: ReportSchema,
  })
  .openapi("ImportResult");

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The uploaded file: multipart field "file", or the raw body (text/csv or XLSX). */
async function uploadedBytes(req: HonoRequest): Promise<Uint8Array> {
  // HonoRequest caches the body: the route validator may already have read it.
  const type = req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const file = (await req.formData()).get("file");
    if (!file || typeof file === "string") {
      throw new AppError(422, "validation_failed", "Joignez le fichier dans le champ « file ».", {
        errors: [{ in: "body", pointer: "/file", detail: "Fichier requis" }],
      });
    }
    return new Uint8Array(await file.arrayBuffer());
  }
  if (type.startsWith("text/csv") || type.startsWith(XLSX) || type.startsWith("application/octet-stream")) {
    return new Uint8Array(await req.arrayBuffer());
  }
  throw new AppError(
    415,
    "unsupported_media_type",
    "Envoyez un fichier CSV ou XLSX (multipart, champ « file »).",
    {
      errors: [{ in: "header", pointer: "/Content-Type", detail: "multipart/form-data, text/csv ou XLSX" }],
    },
  );
}

/** The report with its ETag: what every report route answers (a write answers what it wrote). */
function reportReply(c: Context<AppEnv>, view: ReportView) {
  setEtag(c, view.version);
  return c.json(view, 200);
}

const fileName = (code: string, period: string, ext: string) => `maillage-${code}-${period}.${ext}`;
const readers = access.department("member", "prefecture", "national");
const tags = ["Rapports trimestriels"];

const reportResponse = {
  200: {
    ...jsonContent(ReportSchema, "Le rapport"),
    headers: { ETag: { schema: { type: "string" as const } } },
  },
};

/** Answers of the writes: the lock or workflow refusal (409); defineRoute adds the ETag checks (412, 428). */
const writeResponse = {
  ...reportResponse,
  409: problemContent("Rapport verrouillé (`lock` dit pourquoi) ou transition impossible"),
};

/** submit, validate and reopen: one transition of the workflow, answered with the report after it. */
async function transitionReply(c: Context<AppEnv>, period: string, action: ReportAction, reason?: string) {
  const view = await applyTransition(
    c.get("services"),
    c.get("tenant"),
    requestActor(c),
    period,
    action,
    ifMatchOf(c),
    reason,
  );
  return reportReply(c, view);
}

/** submit, validate and reopen: If-Match optional (checked when given). */
const transition = {
  method: "post",
  tags,
  access: access.department("prefecture"),
  ifMatch: "optional",
  responses: writeResponse,
} as const;

export const reportsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/reports",
      operationId: "listQuarterReports",
      tags,
      summary: "Les trimestres d'un département : statut, échéance, complétude, ponctualité",
      description:
        "Par défaut le trimestre en cours et les huit précédents, du plus récent au plus ancien. `earliest` donne le premier trimestre ayant un rapport : les pages suivantes se lisent avec `to` (le trimestre d'avant la page), jusqu'à lui. Pour un membre, chaque trimestre porte aussi la part de son organisation (`ownOrganisations` : indicateurs attendus, renseignés, « terminé »).",
      access: readers,
      request: {
        params: z.object({ code: z.string().openapi({ example: "62" }) }),
        query: z.object({ from: Period.optional(), to: Period.optional() }),
      },
      responses: {
        200: jsonContent(
          z.object({
            items: z.array(ReportSummarySchema),
            earliest: z.string().nullable().openapi({
              example: "2026-Q1",
              description: "Le premier trimestre du département ayant un rapport (null : aucun)",
            }),
          }),
          "Un rang par trimestre",
        ),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const to = query.to ?? periodOf(parisDate(c.get("clock").now()));
      let from = query.from ?? to;
      if (!query.from) for (let i = 0; i < 8; i++) from = previousPeriod(from);
      let periods: string[];
      try {
        periods = range(from, to);
      } catch (error) {
        throw new AppError(422, "validation_failed", (error as Error).message, {
          errors: [{ in: "query", pointer: "/from", detail: (error as Error).message }],
        });
      }
      return c.json(await reportSummaries(c.get("services"), c.get("tenant"), periods.reverse()), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: base,
      operationId: "getQuarterReport",
      tags,
      summary: "Le rapport d'un trimestre : état, échéance, complétude et valeurs",
      access: readers,
      request: { params: ReportParams },
      responses: reportResponse,
    }),
    async (c) =>
      reportReply(c, await reportView(c.get("services"), c.get("tenant"), c.req.valid("param").period)),
  )
  .openapi(
    defineRoute({
      method: "put",
      path: `${base}/values`,
      operationId: "putReportValues",
      tags,
      summary: "Enregistrer plusieurs valeurs (tout ou rien, If-Match obligatoire)",
      access: access.department("member", "prefecture"),
      ifMatch: "required",
      request: {
        params: ReportParams,
        body: jsonBody(SaveValuesSchema, { values: [{ indicator: "N48-1", state: "value", value: 12 }] }),
      },
      responses: writeResponse,
    }),
    async (c) => {
      const { period } = c.req.valid("param");
      const { view } = await saveValues(
        c.get("services"),
        c.get("tenant"),
        requestActor(c),
        period,
        c.req.valid("json").values,
        requiredIfMatch(c),
        "api",
      );
      return reportReply(c, view);
    },
  )
  .openapi(
    defineRoute({
      ...transition,
      path: `${base}/submit`,
      operationId: "submitQuarterReport",
      summary: "Soumettre le rapport à la validation",
      request: { params: ReportParams },
    }),
    async (c) => transitionReply(c, c.req.valid("param").period, "submit"),
  )
  .openapi(
    defineRoute({
      ...transition,
      path: `${base}/validate`,
      operationId: "validateQuarterReport",
      summary: "Valider et verrouiller le rapport",
      request: { params: ReportParams },
    }),
    async (c) => transitionReply(c, c.req.valid("param").period, "validate"),
  )
  .openapi(
    defineRoute({
      ...transition,
      path: `${base}/reopen`,
      operationId: "reopenQuarterReport",
      summary: "Rouvrir le rapport (motif obligatoire)",
      request: {
        params: ReportParams,
        body: jsonBody(ReopenSchema, { reason: "Chiffre de la gendarmerie corrigé" }),
      },
    }),
    async (c) => transitionReply(c, c.req.valid("param").period, "reopen", c.req.valid("json").reason),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: `${base}/organisations/{organisationId}/done`,
      operationId: "markOrganisationPartDone",
      // Recorded apart from the report's version: no If-Match (the report's ETag does not change).
      ifMatch: "unversioned",
      tags,
      summary:
        "« J'ai terminé » : la part d'une organisation est saisie (la préfecture est prévenue par courriel)",
      access: access.department("member", "prefecture"),
      request: { params: OrganisationParams },
      responses: {
        ...writeResponse,
        404: problemContent("Organisation sans indicateur dans ce rapport"),
        422: problemContent("Indicateurs de l'organisation encore sans réponse (`missing`)"),
      },
    }),
    async (c) => {
      const { period, organisationId } = c.req.valid("param");
      const view = await markOrganisationDone(
        c.get("services"),
        c.get("tenant"),
        requestActor(c),
        period,
        organisationId,
        canonicalOrigin(c.env),
      );
      return reportReply(c, view);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: `${base}/organisations/{organisationId}/reminder`,
      operationId: "remindOrganisation",
      // Recorded apart from the report's version: no If-Match (the report's ETag does not change).
      ifMatch: "unversioned",
      tags,
      summary: "Relancer une organisation par courriel (une fois par jour au plus)",
      access: access.department("prefecture"),
      request: { params: OrganisationParams },
      responses: {
        ...writeResponse,
        404: problemContent("Organisation sans indicateur dans ce rapport"),
        409: problemContent("Déjà relancée aujourd'hui, part terminée, ou rapport soumis"),
        422: problemContent("L'organisation n'a aucun membre actif"),
      },
    }),
    async (c) => {
      const { period, organisationId } = c.req.valid("param");
      const view = await remindOrganisation(
        c.get("services"),
        c.get("tenant"),
        requestActor(c),
        period,
        organisationId,
        canonicalOrigin(c.env),
      );
      return reportReply(c, view);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: `${base}/values/{indicator}/history`,
      operationId: "getReportValueHistory",
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
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/periods/{period}/report.csv",
      operationId: "exportQuarterReportCsv",
      tags,
      summary: "Export CSV du rapport (UTF-8 avec BOM, séparateur ;)",
      access: readers,
      request: { params: ReportParams },
      responses: { 200: { description: "CSV", content: { "text/csv": { schema: z.string() } } } },
    }),
    async (c) => {
      const { code, period } = c.req.valid("param");
      const view = await reportView(c.get("services"), c.get("tenant"), period);
      return c.body(reportToCsv(view.items).slice().buffer as ArrayBuffer, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName(code, period, "csv")}"`,
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/periods/{period}/report.xlsx",
      operationId: "exportQuarterReportXlsx",
      tags,
      summary: "Export XLSX du rapport",
      access: readers,
      request: { params: ReportParams },
      responses: {
        200: {
          description: "XLSX",
          content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
    }),
    async (c) => {
      const { code, period } = c.req.valid("param");
      const view = await reportView(c.get("services"), c.get("tenant"), period);
      return c.body(reportToXlsx(view.items).slice().buffer as ArrayBuffer, 200, {
        "content-type": XLSX,
        "content-disposition": `attachment; filename="${fileName(code, period, "xlsx")}"`,
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/periods/{period}/report.pdf",
      operationId: "getQuarterReportPdf",
      tags,
      summary: "Le rapport soumis ou validé en PDF, à signer par le préfet (un brouillon : 409)",
      access: readers,
      request: { params: ReportParams },
      responses: {
        200: {
          description: "PDF",
          content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
        },
        409: problemContent("Rapport encore en brouillon : rien à signer"),
      },
    }),
    async (c) => {
      const { code, period } = c.req.valid("param");
      const pdf = await reportPdf(c.get("services"), c.get("tenant"), period);
      const { year, quarter } = parsePeriod(period);
      return c.body(pdf.slice().buffer as ArrayBuffer, 200, {
        "content-type": "application/pdf",
        "content-disposition": attachmentHeader(`rapport-${code}-${year}-T${quarter}.pdf`),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: `${base}/import`,
      operationId: "importQuarterReport",
      tags,
      summary: "Importer un fichier CSV ou XLSX (tout ou rien ; erreurs par ligne et colonne)",
      access: access.department("member", "prefecture"),
      ifMatch: "required",
      request: {
        params: ReportParams,
        body: {
          // Not "required": the validator would then demand the multipart form even for a raw CSV body;
          // the handler refuses a request without a file.
          required: false,
          content: {
            "multipart/form-data": {
              schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }),
            },
            "text/csv": { schema: z.string() },
          },
        },
      },
      responses: {
        200: jsonContent(ImportResult, "Import effectué (ou rien à changer)"),
        409: writeResponse[409],
        413: problemContent("Fichier de plus de 2 Mo, ou zip qui se décompresse au-delà de 10 Mo"),
      },
    }),
    async (c) => {
      const { period } = c.req.valid("param");
      const bytes = await uploadedBytes(c.req);
      const result = await importReport(
        c.get("services"),
        c.get("tenant"),
        requestActor(c),
        period,
        bytes,
        requiredIfMatch(c),
      );
      setEtag(c, result.report.version);
      return c.json(result, 200);
    },
  );
