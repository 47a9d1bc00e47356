import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  AmendmentCreateSchema,
  CONTRACT_STATUSES,
  CommentCreateSchema,
  ComponentDefinitionCreateSchema,
  ComponentDefinitionSchema,
  ContractCommentSchema,
  ContractCreateSchema,
  ContractDocumentSchema,
  ContractListItemSchema,
  ContractSchema,
  ContractUpdateSchema,
  ContractVersionSchema,
  CoverageSchema,
  DOCUMENT_CATEGORIES,
  SignatoryInputSchema,
  SignatureSchema,
  TerminationSchema,
} from "../../shared/contracts";
import { DateString } from "../../shared/periods";
import { access } from "../platform/access";
import { idParam, scope } from "../platform/caller";
import { etagOf, ifMatchOf, requiredIfMatch } from "../platform/concurrency";
import type { AppEnv } from "../platform/context";
import { invalid } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { decodeCursor, pageQuery, toPage } from "../platform/pagination";
import { departmentParams } from "../platform/params";
import { contractsCsv } from "./csv";
import {
  attachmentHeader,
  deleteDocument,
  downloadDocument,
  listDocuments,
  uploadDocument,
} from "./documents";
import { departmentPopulation } from "./queries";
import {
  addComment,
  addComponentDefinition,
  addSignatory,
  amendContract,
  componentDefinitions,
  contractHistory,
  createContract,
  departmentCoverage,
  listComments,
  listContractsFor,
  readContract,
  recordSignature,
  removeSignatory,
  terminateContract,
  updateContract,
} from "./service";
import { summaryHtml, summaryPdf } from "./summary";

/** Handlers only translate HTTP to the services (service.ts, documents.ts), which hold the rules. */
type Ctx = Context<AppEnv>;

const contractParams = departmentParams.extend({ id: idParam("id") });
const signatoryParams = contractParams.extend({ organisationId: idParam("organisationId") });
const documentParams = contractParams.extend({ documentId: idParam("documentId") });

const listFilters = z.object({
  status: z
    .enum(CONTRACT_STATUSES)
    .optional()
    .openapi({ description: "Statut à la date du jour (Europe/Paris)" }),
  carrier: z.string().max(64).optional().openapi({ description: "Organisation porteuse (id)" }),
  commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, "Code INSEE invalide.")
    .optional()
    .openapi({ description: "Code INSEE d'une commune couverte" }),
  endingBefore: DateString.optional().openapi({
    description: "Contrats dont la fin est avant ce jour (exclu)",
  }),
});
const Cursor = z.object({ i: z.string() });

const tags = ["Contrats locaux"];
const readers = access.department("member", "prefecture", "national");
const carrierMembers = access.department("member");

const contractAnswer = (description: string) => ({
  ...jsonContent(ContractSchema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});
const writeAnswers = {
  404: problemContent("Contrat inconnu dans ce département, ou que vous ne pouvez pas voir"),
  409: problemContent("L'état du contrat ne permet pas ce changement (`code` dit pourquoi)"),
};

function answer<S extends 200 | 201>(c: Ctx, contract: z.infer<typeof ContractSchema>, status: S) {
  c.header("ETag", etagOf(contract.version));
  return c.json(contract, status);
}

const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: "binary" }) } },
});

export const contractsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts",
      operationId: "listContracts",
      tags,
      summary: "Les contrats locaux du département, les plus récents d'abord",
      description:
        "Un membre voit les contrats que son organisation porte ou signe ; la préfecture et le niveau national les voient tous.",
      access: readers,
      request: { params: departmentParams, query: pageQuery.extend(listFilters.shape) },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ContractListItemSchema), nextCursor: z.string().nullable() }),
          "Une page de contrats",
        ),
        400: problemContent("Curseur invalide"),
      },
    }),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid("query");
      const after = decodeCursor(cursor, Cursor)?.i;
      const rows = await listContractsFor(...scope(c), { limit, after, ...filters });
      const page = toPage(rows, limit, (r) => ({ i: r.id }));
      return c.json(page, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts.csv",
      operationId: "exportContractsCsv",
      tags,
      summary: "Les contrats (mêmes filtres que la liste) en CSV pour Excel",
      access: readers,
      request: { params: departmentParams, query: listFilters },
      responses: {
        200: { description: "CSV (UTF-8 avec BOM, « ; »)", content: { "text/csv": { schema: z.string() } } },
      },
    }),
    async (c) => {
      const code = c.get("tenant").departmentCode;
      const csv = await contractsCsv(...scope(c), c.req.valid("query"));
      return c.body(csv.slice().buffer as ArrayBuffer, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="maillage-${code}-contrats.csv"`,
      });
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contracts",
      operationId: "createContract",
      tags,
      summary: "Créer un contrat (brouillon) porté par sa commune ou son EPCI",
      description:
        "Sans `communes`, le territoire est celui du porteur : la commune, ou les communes membres de l'EPCI dans le département. Chaque volet du catalogue est créé « prévu ».",
      access: carrierMembers,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(ContractCreateSchema) },
      responses: { 201: contractAnswer("Contrat créé") },
    }),
    async (c) => {
      const contract = await createContract(...scope(c), c.req.valid("json"));
      c.header("Location", `/api/v1/departments/${contract.departmentCode}/contracts/${contract.id}`);
      return answer(c, contract, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}",
      operationId: "getContract",
      tags,
      summary: "Un contrat, son statut du jour et ce que l'appelant peut y faire",
      access: readers,
      request: { params: contractParams },
      responses: { 200: contractAnswer("Contrat (ETag : sa version)"), 404: writeAnswers[404] },
    }),
    async (c) => answer(c, await readContract(...scope(c), c.req.valid("param").id), 200),
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/contracts/{id}",
      operationId: "updateContract",
      tags,
      summary: "Modifier un contrat (If-Match obligatoire)",
      description:
        "Brouillon : tout. Contrat signé : la coordination et l'avancement des volets ; les dates, le territoire et les signataires changent par avenant.",
      access: carrierMembers,
      ifMatch: "required",
      request: { params: contractParams, body: jsonBody(ContractUpdateSchema) },
      responses: {
        200: contractAnswer("Contrat modifié"),
        ...writeAnswers,
      },
    }),
    async (c) => {
      const version = requiredIfMatch(c);
      return answer(
        c,
        await updateContract(...scope(c), c.req.valid("param").id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contracts/{id}/signatories",
      operationId: "addContractSignatory",
      tags,
      summary: "Ajouter un signataire (brouillon)",
      access: carrierMembers,
      ifMatch: "optional",
      request: {
        params: contractParams,
        body: jsonBody(SignatoryInputSchema, {
          organisationId: "0190b2c4-0000-7000-8000-000000000001",
          role: "Aide aux victimes",
        }),
      },
      responses: { 200: contractAnswer("Contrat avec son nouveau signataire"), ...writeAnswers },
    }),
    async (c) => {
      const version = ifMatchOf(c);
      return answer(
        c,
        await addSignatory(...scope(c), c.req.valid("param").id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/departments/{code}/contracts/{id}/signatories/{organisationId}",
      operationId: "removeContractSignatory",
      tags,
      summary: "Retirer un signataire (brouillon)",
      access: carrierMembers,
      ifMatch: "optional",
      request: { params: signatoryParams },
      responses: { 200: contractAnswer("Contrat sans ce signataire"), ...writeAnswers },
    }),
    async (c) => {
      const { id, organisationId } = c.req.valid("param");
      const version = ifMatchOf(c);
      return answer(c, await removeSignatory(...scope(c), id, version, organisationId), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/departments/{code}/contracts/{id}/signatories/{organisationId}/signature",
      operationId: "recordContractSignature",
      tags,
      summary: "Enregistrer la signature de son organisation",
      description:
        "Par un membre de l'organisation signataire. Quand tous les signataires ont signé, le contrat devient signé, à la date de la dernière signature.",
      access: access.department("member", "prefecture"),
      ifMatch: "optional",
      request: {
        params: signatoryParams,
        body: jsonBody(SignatureSchema, {
          signerName: "Claire Petit",
          signerFunction: "Présidente",
          signedOn: "2026-03-12",
        }),
      },
      responses: { 200: contractAnswer("Contrat avec cette signature"), ...writeAnswers },
    }),
    async (c) => {
      const { id, organisationId } = c.req.valid("param");
      return answer(
        c,
        await recordSignature(...scope(c), id, ifMatchOf(c), organisationId, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/versions",
      operationId: "listContractVersions",
      tags,
      summary: "L'historique du contrat : chaque version, qui l'a faite et ce qui a changé",
      access: readers,
      request: { params: contractParams },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ContractVersionSchema) }),
          "Versions, de la plus ancienne à la plus récente",
        ),
        404: writeAnswers[404],
      },
    }),
    async (c) => c.json({ items: await contractHistory(...scope(c), c.req.valid("param").id) }, 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/amendments",
      operationId: "listContractAmendments",
      tags,
      summary: "Les avenants du contrat, chacun avec la version qu'il a produite",
      access: readers,
      request: { params: contractParams },
      responses: {
        200: jsonContent(z.object({ items: z.array(ContractVersionSchema) }), "Avenants"),
        404: writeAnswers[404],
      },
    }),
    async (c) => {
      const items = await contractHistory(...scope(c), c.req.valid("param").id);
      return c.json({ items: items.filter((v) => v.kind === "amendment") }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contracts/{id}/amendments",
      operationId: "amendContract",
      tags,
      summary: "Enregistrer un avenant daté (If-Match obligatoire)",
      description:
        "Change les dates, le territoire, les volets ou les signataires d'un contrat signé ; la version précédente reste dans l'historique. Un signataire ajouté signe l'avenant : sa signature l'accompagne.",
      access: carrierMembers,
      ifMatch: "required",
      request: {
        params: contractParams,
        body: jsonBody(AmendmentCreateSchema, {
          signedOn: "2026-03-12",
          summary: "Prolongation d'un an",
          changes: { endsOn: "2030-03-31" },
        }),
      },
      responses: {
        201: contractAnswer("Contrat modifié par l'avenant"),
        ...writeAnswers,
      },
    }),
    async (c) => {
      const version = requiredIfMatch(c);
      return answer(
        c,
        await amendContract(...scope(c), c.req.valid("param").id, version, c.req.valid("json")),
        201,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contracts/{id}/termination",
      operationId: "terminateContract",
      tags,
      summary: "Résilier un contrat signé (préfecture), avec sa date et son motif",
      access: access.department("prefecture"),
      ifMatch: "optional",
      request: {
        params: contractParams,
        body: jsonBody(TerminationSchema, { terminatedOn: "2026-09-01", reason: "Dissolution du CISPD" }),
      },
      responses: { 200: contractAnswer("Contrat résilié"), ...writeAnswers },
    }),
    async (c) => {
      const version = ifMatchOf(c);
      return answer(
        c,
        await terminateContract(...scope(c), c.req.valid("param").id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/comments",
      operationId: "listContractComments",
      tags,
      summary: "Les commentaires sur le contrat",
      access: readers,
      request: { params: contractParams },
      responses: {
        200: jsonContent(z.object({ items: z.array(ContractCommentSchema) }), "Commentaires"),
        404: writeAnswers[404],
      },
    }),
    async (c) => c.json({ items: await listComments(...scope(c), c.req.valid("param").id) }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contracts/{id}/comments",
      operationId: "addContractComment",
      tags,
      summary: "Commenter un contrat (préfecture, collectivité porteuse)",
      access: access.department("member", "prefecture"),
      ifMatch: "unversioned",
      request: { params: contractParams, body: jsonBody(CommentCreateSchema) },
      responses: { 201: jsonContent(ContractCommentSchema, "Commentaire ajouté"), 404: writeAnswers[404] },
    }),
    async (c) => {
      const comment = await addComment(...scope(c), c.req.valid("param").id, c.req.valid("json").text);
      if (!comment) throw new Error("comment written but not read back");
      return c.json(comment, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/documents",
      operationId: "listContractDocuments",
      tags,
      summary: "Les documents du contrat (contrat signé, annexes)",
      access: readers,
      request: { params: contractParams },
      responses: {
        200: jsonContent(z.object({ items: z.array(ContractDocumentSchema) }), "Documents"),
        404: writeAnswers[404],
      },
    }),
    async (c) => c.json({ items: await listDocuments(...scope(c), c.req.valid("param").id) }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contracts/{id}/documents",
      operationId: "uploadContractDocument",
      tags,
      summary: "Déposer un document (PDF, ODT ou DOCX, 10 Mo au plus ; type lu dans le contenu)",
      description:
        "multipart/form-data : `file` (le document), `category` (`signed_contract` ou `annex`, par défaut `annex`). Le type est reconnu d'après le contenu, jamais d'après le nom : le nom enregistré prend l'extension du type reconnu.",
      access: carrierMembers,
      ifMatch: "unversioned",
      request: {
        params: contractParams,
        body: {
          required: false,
          content: {
            "multipart/form-data": {
              schema: z.object({
                file: z.any().openapi({ type: "string", format: "binary" }),
                category: z.enum(DOCUMENT_CATEGORIES).optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: jsonContent(ContractDocumentSchema, "Document enregistré"),
        404: writeAnswers[404],
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
      const category = form?.get("category") ?? "annex";
      const parsed = z.enum(DOCUMENT_CATEGORIES).safeParse(category);
      if (!parsed.success)
        throw invalid([
          { in: "body", pointer: "/category", detail: "Catégorie inconnue : signed_contract ou annex." },
        ]);
      const [db, code, caller] = scope(c);
      const document = await uploadDocument(
        db,
        c.env.DOCUMENTS,
        code,
        caller,
        c.req.valid("param").id,
        { name: file.name, size: file.size, bytes: () => file.arrayBuffer() },
        parsed.data,
      );
      return c.json(document, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/documents/{documentId}",
      operationId: "downloadContractDocument",
      tags,
      summary: "Télécharger un document (en pièce jointe)",
      access: readers,
      request: { params: documentParams },
      responses: { 200: binary("application/octet-stream", "Le document"), 404: writeAnswers[404] },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const { id, documentId } = c.req.valid("param");
      const { document, body } = await downloadDocument(db, c.env.DOCUMENTS, code, caller, id, documentId);
      return c.body(body, 200, {
        "content-type": document.mediaType,
        "content-length": String(document.size),
        "content-disposition": attachmentHeader(document.name),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/departments/{code}/contracts/{id}/documents/{documentId}",
      operationId: "deleteContractDocument",
      tags,
      summary: "Supprimer un document (l'événement reste dans le journal d'audit)",
      access: carrierMembers,
      ifMatch: "unversioned",
      request: { params: documentParams },
      responses: { 204: { description: "Document supprimé" }, 404: writeAnswers[404] },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const { id, documentId } = c.req.valid("param");
      await deleteDocument(db, c.env.DOCUMENTS, code, caller, id, documentId);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/summary.pdf",
      operationId: "getContractSummaryPdf",
      tags,
      summary: "La synthèse du contrat en PDF",
      access: readers,
      request: { params: contractParams },
      responses: { 200: binary("application/pdf", "Synthèse PDF"), 404: writeAnswers[404] },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const contract = await readContract(db, code, caller, c.req.valid("param").id);
      const pdf = await summaryPdf(contract, caller.at.slice(0, 10), await departmentPopulation(db, code));
      return c.body(pdf.slice().buffer as ArrayBuffer, 200, {
        "content-type": "application/pdf",
        "content-disposition": attachmentHeader(`contrat-${code}-${contract.id}.pdf`),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contracts/{id}/summary.html",
      operationId: "getContractSummaryHtml",
      tags,
      summary: "La synthèse du contrat, page imprimable",
      access: readers,
      request: { params: contractParams },
      responses: {
        200: { description: "Page HTML", content: { "text/html": { schema: z.string() } } },
        404: writeAnswers[404],
      },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const contract = await readContract(db, code, caller, c.req.valid("param").id);
      return c.html(summaryHtml(contract, caller.at.slice(0, 10), await departmentPopulation(db, code)), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contract-coverage",
      operationId: "getContractCoverage",
      tags,
      summary: "Couverture des contrats en vigueur à une date : contrats, partenaires, population couverte",
      access: access.department("prefecture", "national", "member"),
      request: {
        params: departmentParams,
        query: z.object({
          on: DateString.optional().openapi({
            description: "Jour (par défaut : aujourd'hui, heure de Paris)",
          }),
        }),
      },
      responses: { 200: jsonContent(CoverageSchema, "Couverture") },
    }),
    async (c) => c.json(await departmentCoverage(...scope(c), c.req.valid("query").on), 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/contract-components",
      operationId: "listContractComponents",
      tags,
      summary: "Les volets que contient chaque contrat : ceux de la fiche 4.4, puis ceux du département",
      access: readers,
      request: { params: departmentParams },
      responses: { 200: jsonContent(z.object({ items: z.array(ComponentDefinitionSchema) }), "Volets") },
    }),
    async (c) =>
      c.json({ items: await componentDefinitions(c.get("db"), c.get("tenant").departmentCode) }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/contract-components",
      operationId: "addContractComponent",
      tags,
      summary: "Ajouter un volet propre au département (préfecture)",
      access: access.department("prefecture"),
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(ComponentDefinitionCreateSchema) },
      responses: { 201: jsonContent(ComponentDefinitionSchema, "Volet ajouté") },
    }),
    async (c) => c.json(await addComponentDefinition(...scope(c), c.req.valid("json")), 201),
  );
