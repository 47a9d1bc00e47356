import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  AmendmentCreateSchema,
  CancelSchema,
  CONVENTION_STATUSES,
  ConventionCreateSchema,
  ConventionListItemSchema,
  ConventionSchema,
  EvaluationCreateSchema,
  EvaluationSummarySchema,
  RevisionSchema,
  SignSchema,
  TemplateSchema,
  TemplateUpdateSchema,
  TemplateVersionSchema,
} from "../../shared/conventions";
import { access } from "../platform/access";
import { callerOf, idParam, scope } from "../platform/caller";
import { etagOf, requiredIfMatch } from "../platform/concurrency";
import type { AppEnv } from "../platform/context";
import { attachmentHeader } from "../platform/documents";
import { invalid } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { departmentParams } from "../platform/params";
import { conventionHtml, conventionPdf } from "./document";
import { downloadScan, recordSignedOutside } from "./documents";
import {
  amendConvention,
  type Ctx,
  cancelConvention,
  completeConvention,
  conventionHistory,
  createConvention,
  evaluateConvention,
  evaluationSummary,
  listConventionsFor,
  readConvention,
  readTemplate,
  sendForSignature,
  signConvention,
  templateVersions,
  updateTemplate,
} from "./service";

/** Handlers only translate HTTP to the services (service.ts, documents.ts), which hold the rules. */
type C = Context<AppEnv>;

const ctxOf = (c: C): Ctx => ({ db: c.get("db"), mailer: c.get("mailer"), origin: c.env.AUTH_URL });
const withCtx = (c: C) => [ctxOf(c), c.get("tenant").departmentCode, callerOf(c)] as const;
const conventionParams = departmentParams.extend({ id: idParam("id", { max: 80 }) });

const tags = ["Stages croisés — conventions"];
const readers = access.department("member", "prefecture", "national");
const members = access.department("member");

const conventionAnswer = (description: string) => ({
  ...jsonContent(ConventionSchema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});
const answers = {
  404: problemContent("Convention inconnue dans ce département, ou que vous ne pouvez pas voir"),
  409: problemContent(
    "L'état de la convention ne permet pas cette action (`code` dit pourquoi : not_your_turn, concurrent_change si une autre personne vient d'agir…)",
  ),
};

function answer<S extends 200 | 201>(c: C, convention: z.infer<typeof ConventionSchema>, status: S) {
  c.header("ETag", etagOf(convention.version));
  return c.json(convention, status);
}

export const conventionsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/convention-template",
      operationId: "getConventionTemplate",
      tags,
      summary: "Le modèle de convention du département (version en vigueur)",
      description:
        "Tant que la préfecture ne l'a pas modifié, le modèle français par défaut (version 1). Les champs `{{…}}` disponibles sont listés dans `placeholders`.",
      access: readers,
      request: { params: departmentParams },
      responses: {
        200: {
          ...jsonContent(TemplateSchema, "Modèle (ETag : sa version)"),
          headers: { ETag: { schema: { type: "string" as const } } },
        },
      },
    }),
    async (c) => {
      const template = await readTemplate(c.get("db"), c.get("tenant").departmentCode);
      c.header("ETag", etagOf(template.current.version));
      return c.json(template, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/departments/{code}/convention-template",
      operationId: "updateConventionTemplate",
      tags,
      summary: "Modifier le modèle (préfecture ; If-Match obligatoire) : une nouvelle version",
      description:
        "Les conventions déjà établies gardent le texte de la version dont elles sont issues. Le texte doit nommer les trois parties ; un champ `{{…}}` inconnu est refusé (422 sur `/body`).",
      access: access.department("prefecture"),
      ifMatch: "required",
      request: {
        params: departmentParams,
        body: jsonBody(TemplateUpdateSchema, {
          body: "# Convention de stage croisé\n\nEntre {{structure_accueil}}, {{structure_envoi}} et {{stagiaire}}.",
        }),
      },
      responses: {
        200: {
          ...jsonContent(TemplateSchema, "Modèle enregistré"),
          headers: { ETag: { schema: { type: "string" as const } } },
        },
      },
    }),
    async (c) => {
      const ifMatch = requiredIfMatch(c);
      const [db, code, caller] = scope(c);
      const template = await updateTemplate(db, code, caller, ifMatch, c.req.valid("json").body);
      c.header("ETag", etagOf(template.current.version));
      return c.json(template, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/convention-template/versions",
      operationId: "listConventionTemplateVersions",
      tags,
      summary: "Toutes les versions du modèle, la plus récente d'abord",
      access: readers,
      request: { params: departmentParams },
      responses: { 200: jsonContent(z.object({ items: z.array(TemplateVersionSchema) }), "Versions") },
    }),
    async (c) => c.json({ items: await templateVersions(c.get("db"), c.get("tenant").departmentCode) }, 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/conventions",
      operationId: "listConventions",
      tags,
      summary: "Les conventions de stage croisé, les plus récemment modifiées d'abord (500 au plus)",
      description:
        "Un membre voit celles de ses organisations (accueil ou origine) et les siennes comme stagiaire ; la préfecture et le niveau national les voient toutes.",
      access: readers,
      request: {
        params: departmentParams,
        query: z.object({ status: z.enum(CONVENTION_STATUSES).optional() }),
      },
      responses: { 200: jsonContent(z.object({ items: z.array(ConventionListItemSchema) }), "Conventions") },
    }),
    async (c) => c.json({ items: await listConventionsFor(...scope(c), c.req.valid("query").status) }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions",
      operationId: "createConvention",
      tags,
      summary: "Établir la convention d'une candidature acceptée (brouillon)",
      description:
        "Par un représentant de la structure d'accueil ou d'origine. Dates, durée et objectifs : ceux de la candidature et de l'offre, sauf s'ils sont donnés. Le texte est celui du modèle en vigueur, gardé tel quel.",
      access: members,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(ConventionCreateSchema) },
      responses: {
        201: conventionAnswer("Convention établie"),
        409: problemContent("Candidature non acceptée, ou convention déjà établie"),
      },
    }),
    async (c) => {
      const convention = await createConvention(...withCtx(c), c.req.valid("json"));
      c.header("Location", `/api/v1/departments/${convention.departmentCode}/conventions/${convention.id}`);
      return answer(c, convention, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/conventions/{id}",
      operationId: "getConvention",
      tags,
      summary:
        "Une convention : ses parties, son texte, les étapes de signature (ou `{id}.pdf`, `{id}.html`)",
      description:
        "`…/conventions/{id}` répond en JSON (ETag : sa version) ; `…/conventions/{id}.pdf` la donne en PDF et `…/conventions/{id}.html` en page imprimable.",
      access: readers,
      request: { params: conventionParams },
      responses: {
        200: {
          description: "La convention (JSON, PDF ou HTML selon le suffixe)",
          headers: { ETag: { schema: { type: "string" as const } } },
          content: {
            "application/json": { schema: ConventionSchema },
            "application/pdf": { schema: z.string().openapi({ format: "binary" }) },
            "text/html": { schema: z.string() },
          },
        },
        404: answers[404],
      },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const raw = c.req.valid("param").id;
      const format = raw.endsWith(".pdf") ? "pdf" : raw.endsWith(".html") ? "html" : "json";
      const id = format === "json" ? raw : raw.slice(0, raw.lastIndexOf("."));
      const convention = await readConvention(db, code, caller, id);
      c.header("ETag", etagOf(convention.version));
      if (format === "json") return c.json(convention, 200);
      const history = await conventionHistory(db, code, caller, id);
      if (format === "html") return c.html(conventionHtml(convention, history), 200);
      const pdf = await conventionPdf(convention, history, caller.at.slice(0, 10));
      return c.body(pdf.slice().buffer as ArrayBuffer, 200, {
        "content-type": "application/pdf",
        "content-disposition": attachmentHeader(`convention-${code}-${id}.pdf`),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/conventions/{id}/revisions",
      operationId: "listConventionRevisions",
      tags,
      summary: "La convention d'origine puis chaque avenant, avec leurs signatures",
      access: readers,
      request: { params: conventionParams },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(RevisionSchema) }),
          "Versions, de la plus ancienne à la plus récente",
        ),
        404: answers[404],
      },
    }),
    async (c) => c.json({ items: await conventionHistory(...scope(c), c.req.valid("param").id) }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/send",
      operationId: "sendConventionForSignature",
      tags,
      summary: "Envoyer la convention pour signature (la structure d'origine est prévenue par courriel)",
      access: members,
      ifMatch: "unversioned",
      request: { params: conventionParams },
      responses: { 200: conventionAnswer("Convention en attente de signatures"), ...answers },
    }),
    async (c) => answer(c, await sendForSignature(...withCtx(c), c.req.valid("param").id), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/sign",
      operationId: "signConvention",
      tags,
      summary: "Signer pour la partie dont c'est le tour",
      description:
        "Ordre : structure d'origine (un de ses membres, autre que le ou la stagiaire), puis structure d'accueil, puis le ou la stagiaire. Qui et quand sont enregistrés ; la partie suivante est prévenue par courriel. 409 `not_your_turn` si votre partie doit attendre, 403 si vous n'êtes pas la partie attendue.",
      access: members,
      ifMatch: "unversioned",
      request: {
        params: conventionParams,
        body: jsonBody(SignSchema, { signerFunction: "Commandant de brigade" }),
      },
      responses: { 200: conventionAnswer("Convention avec cette signature"), ...answers },
    }),
    async (c) =>
      answer(c, await signConvention(...withCtx(c), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/signed-document",
      operationId: "recordConventionSignedOutside",
      tags,
      summary: "Enregistrer une convention signée hors de l'application, avec le document numérisé",
      description:
        "multipart/form-data, champ `file` : PDF, ODT ou DOCX d'après son contenu (415 sinon), 10 Mo au plus. Les signatures manquantes sont enregistrées « hors application ».",
      access: members,
      ifMatch: "unversioned",
      request: {
        params: conventionParams,
        body: {
          required: false,
          content: {
            "multipart/form-data": {
              schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }),
            },
          },
        },
      },
      responses: {
        200: conventionAnswer("Convention signée"),
        ...answers,
        413: problemContent("Document de plus de 10 Mo"),
        415: problemContent("Ni PDF, ni ODT, ni DOCX d'après son contenu"),
      },
    }),
    async (c) => {
      let form: FormData | null = null;
      try {
        form = await c.req.formData();
      } catch {
        // Not a multipart body: answered below as a missing file.
      }
      const file = form?.get("file");
      if (!file || typeof file === "string")
        throw invalid([
          { in: "body", pointer: "/file", detail: "Joignez le document dans le champ « file »." },
        ]);
      const [db, code, caller] = scope(c);
      const convention = await recordSignedOutside(
        db,
        c.env.DOCUMENTS,
        code,
        caller,
        c.req.valid("param").id,
        {
          name: file.name,
          size: file.size,
          bytes: () => file.arrayBuffer(),
        },
      );
      return answer(c, convention, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/conventions/{id}/documents/{documentId}",
      operationId: "downloadConventionDocument",
      tags,
      summary: "Télécharger la convention numérisée (en pièce jointe)",
      access: readers,
      request: { params: conventionParams.extend({ documentId: idParam("documentId", { max: 80 }) }) },
      responses: {
        200: {
          description: "Le document",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        404: answers[404],
      },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const { id, documentId } = c.req.valid("param");
      const { row, body } = await downloadScan(db, c.env.DOCUMENTS, code, caller, id, documentId);
      return c.body(body, 200, {
        "content-type": row.mediaType,
        "content-length": String(row.size),
        "content-disposition": attachmentHeader(row.name),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/completion",
      operationId: "completeConvention",
      tags,
      summary: "Confirmer que le stage a eu lieu (structure d'accueil)",
      access: members,
      ifMatch: "unversioned",
      request: { params: conventionParams },
      responses: { 200: conventionAnswer("Stage réalisé"), ...answers },
    }),
    async (c) => answer(c, await completeConvention(...scope(c), c.req.valid("param").id), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/cancellation",
      operationId: "cancelConvention",
      tags,
      summary: "Annuler la convention, avec son motif (structures ou préfecture)",
      access: access.department("member", "prefecture"),
      ifMatch: "unversioned",
      request: {
        params: conventionParams,
        body: jsonBody(CancelSchema, { reason: "Stage reporté à l'an prochain" }),
      },
      responses: { 200: conventionAnswer("Convention annulée"), ...answers },
    }),
    async (c) =>
      answer(
        c,
        await cancelConvention(...scope(c), c.req.valid("param").id, c.req.valid("json").reason),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/amendments",
      operationId: "amendConvention",
      tags,
      summary: "Proposer un avenant (nouvelles dates, interruption) : il repasse par le circuit de signature",
      description: "La version précédente reste dans l'historique (`…/revisions`) avec ses signatures.",
      access: members,
      ifMatch: "unversioned",
      request: {
        params: conventionParams,
        body: jsonBody(AmendmentCreateSchema, {
          reason: "Report d'une semaine",
          startsOn: "2026-10-19",
          endsOn: "2026-10-20",
        }),
      },
      responses: {
        201: conventionAnswer("Convention avec son avenant, en attente de signatures"),
        ...answers,
      },
    }),
    async (c) =>
      answer(c, await amendConvention(...withCtx(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/conventions/{id}/evaluations",
      operationId: "evaluateConvention",
      tags,
      summary: "Évaluer le stage réalisé (le ou la stagiaire, la structure d'accueil ; une fois chacun)",
      access: members,
      ifMatch: "unversioned",
      request: {
        params: conventionParams,
        body: jsonBody(EvaluationCreateSchema, {
          learned: "Le déroulé d'un accueil de victime",
          change: "Orienter plus tôt vers l'association",
          rating: 5,
        }),
      },
      responses: { 201: conventionAnswer("Évaluation enregistrée"), ...answers },
    }),
    async (c) =>
      answer(c, await evaluateConvention(...scope(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/convention-evaluations",
      operationId: "getConventionEvaluationSummary",
      tags,
      summary: "Synthèse anonyme des évaluations des stages (préfecture, national)",
      description: "Notes par partie et textes, sans auteur, sans convention et sans date.",
      access: access.department("prefecture", "national"),
      request: { params: departmentParams },
      responses: { 200: jsonContent(EvaluationSummarySchema, "Synthèse") },
    }),
    async (c) => c.json(await evaluationSummary(c.get("db"), c.get("tenant").departmentCode), 200),
  );
