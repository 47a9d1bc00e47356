import { env } from "cloudflare:workers";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { Contract, ContractDocument } from "../../shared/contracts";
import {
  auditRowsOf,
  callAt,
  commune,
  db,
  department,
  epci,
  epciMembers,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { storedZip } from "../../test/zip";
import { systemActor } from "../platform/context";
import { attachmentHeader, cleanOrphanDocuments, ORPHAN_GRACE_MS, sanitiseFileName } from "./documents";
import { insertDocument } from "./queries";

const base = "/api/v1/departments/62/contracts";
const NOW = "2026-06-20T10:00:00Z";
const TEN_MB = 10 * 1024 * 1024;

let coordinator: TestUser;
let signatory: TestUser;
let outsider: TestUser;
let prefecture: TestUser;
let prefecture59: TestUser;
let contract: Contract;

async function pdfBytes(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Contrat signé");
  return doc.save();
}

const odtBytes = () =>
  storedZip([
    { name: "mimetype", content: "application/vnd.oasis.opendocument.text" },
    { name: "content.xml", content: "<office:document-content/>" },
  ]);
const docxBytes = () =>
  storedZip([
    {
      name: "[Content_Types].xml",
      content:
        '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    { name: "word/document.xml", content: "<w:document/>" },
  ]);

function upload(
  bytes: Uint8Array,
  name: string,
  who = coordinator,
  category?: string,
  contractId = contract.id,
) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name, { type: "application/octet-stream" }));
  if (category) form.append("category", category);
  return callAt(NOW, "POST", `${base}/${contractId}/documents`, { headers: who.headers, body: form });
}

beforeAll(async () => {
  await department("62");
  await department("59");
  await commune("62", { population: 42875 });
  await epci("62");
  await epciMembers("62", "200033579", ["62041"]);
  const cu = await organisation("62", {
    kind: "epci",
    name: "Communauté urbaine d'Arras",
    siren: "200033579",
    rna: null,
  });
  const caf = await organisation("62", {
    kind: "social_security",
    name: "CAF",
    rna: null,
    siret: "99900001000011",
  });
  const other = await organisation("62", { name: "Autre" });
  coordinator = await user("member", "62", cu.id);
  signatory = await user("member", "62", caf.id);
  outsider = await user("member", "62", other.id);
  prefecture = await user("prefecture", "62");
  prefecture59 = await user("prefecture", "59");
  const res = await callAt(NOW, "POST", base, {
    headers: coordinator.headers,
    body: {
      title: "Contrat local",
      carrierOrganisationId: cu.id,
      council: "cispd",
      coordinator: { name: "Hélène Lefèvre", function: "Coordinatrice", email: "h.lefevre@cu-arras.fr" },
      signatories: [{ organisationId: caf.id, role: "Accès aux droits" }],
    },
  });
  contract = (await res.json()) as Contract;
});

describe("documents are typed by their content", () => {
  it("accepts a PDF, an ODT and a DOCX, and serves each back byte for byte as an attachment", async () => {
    const cases = [
      [await pdfBytes(), "Contrat signé.pdf", "pdf", "application/pdf"],
      [odtBytes(), "annexe.odt", "odt", "application/vnd.oasis.opendocument.text"],
      [
        docxBytes(),
        "annexe.docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      ],
    ] as const;
    for (const [bytes, name, fileType, mediaType] of cases) {
      const res = await upload(bytes, name, coordinator, "signed_contract");
      expect(res.status, await res.clone().text()).toBe(201);
      const doc = (await res.json()) as ContractDocument;
      expect(doc).toMatchObject({
        name,
        fileType,
        mediaType,
        size: bytes.byteLength,
        category: "signed_contract",
      });
      const down = await callAt(NOW, "GET", `${base}/${contract.id}/documents/${doc.id}`, {
        headers: signatory.headers,
      });
      expect(down.status).toBe(200);
      expect(down.headers.get("content-type")).toBe(mediaType);
      expect(down.headers.get("content-disposition")).toBe(attachmentHeader(name));
      expect(new Uint8Array(await down.arrayBuffer())).toEqual(bytes);
    }
  });

  it("a PDF renamed .docx is accepted as what its content is: a PDF, served as .pdf", async () => {
    const res = await upload(await pdfBytes(), "contrat.docx");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      name: "contrat.pdf",
      fileType: "pdf",
      mediaType: "application/pdf",
    });
  });

  it("an executable renamed .pdf is refused (415), pointing at the file", async () => {
    const exe = new Uint8Array(4096);
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
    const res = await upload(exe, "contrat.pdf");
    expect(res.status).toBe(415);
    const problem = (await res.json()) as { code: string; errors: unknown[] };
    expect(problem.code).toBe("unsupported_file_type");
    expect(problem.errors).toEqual([expect.objectContaining({ in: "file", pointer: "/file" })]);
    const text = await upload(new TextEncoder().encode("nom;valeur\n"), "contrat.pdf");
    expect(text.status).toBe(415);
  });

  it("10 MB is accepted, 10 MB + 1 byte refused (413)", async () => {
    const head = await pdfBytes();
    const exact = new Uint8Array(TEN_MB);
    exact.set(head);
    expect((await upload(exact, "gros.pdf")).status).toBe(201);
    const over = new Uint8Array(TEN_MB + 1);
    over.set(head);
    const res = await upload(over, "trop-gros.pdf");
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe("file_too_large");
  });

  it("only the carrier's members upload (a signatory gets 403); a file is required", async () => {
    expect((await upload(await pdfBytes(), "x.pdf", signatory)).status).toBe(403);
    const empty = await callAt(NOW, "POST", `${base}/${contract.id}/documents`, {
      headers: coordinator.headers,
      body: new FormData(),
    });
    expect(empty.status).toBe(422);
  });
});

describe("who downloads", () => {
  it("another département's user gets 404 through their own address, 403 through 62's; a member who cannot see the contract 404", async () => {
    const doc = (await (await upload(await pdfBytes(), "secret.pdf")).json()) as ContractDocument;
    const own = await callAt(
      NOW,
      "GET",
      `/api/v1/departments/59/contracts/${contract.id}/documents/${doc.id}`,
      {
        headers: prefecture59.headers,
      },
    );
    expect(own.status).toBe(404);
    const theirs = await callAt(NOW, "GET", `${base}/${contract.id}/documents/${doc.id}`, {
      headers: prefecture59.headers,
    });
    expect(theirs.status).toBe(403);
    const hidden = await callAt(NOW, "GET", `${base}/${contract.id}/documents/${doc.id}`, {
      headers: outsider.headers,
    });
    expect(hidden.status).toBe(404);
    const list = await callAt(NOW, "GET", `${base}/${contract.id}/documents`, {
      headers: prefecture.headers,
    });
    expect(((await list.json()) as { items: ContractDocument[] }).items.map((d) => d.id)).toContain(doc.id);
  });

  it("deleting a document removes the object and the row, and keeps an audit event", async () => {
    const doc = (await (await upload(await pdfBytes(), "à supprimer.pdf")).json()) as ContractDocument;
    const url = `${base}/${contract.id}/documents/${doc.id}`;
    expect((await callAt(NOW, "DELETE", url, { headers: signatory.headers })).status).toBe(403);
    expect((await callAt(NOW, "DELETE", url, { headers: coordinator.headers })).status).toBe(204);
    expect((await callAt(NOW, "GET", url, { headers: coordinator.headers })).status).toBe(404);
    const objects = await env.DOCUMENTS.list({ prefix: `contracts/62/${contract.id}/${doc.id}` });
    expect(objects.objects).toEqual([]);
    const audit = await auditRowsOf(contract.id);
    expect(
      audit
        .filter((a) => a.action === "contract.document_deleted")
        .map((a) => (a.before as ContractDocument).id),
    ).toEqual([doc.id]);
  });
});

describe("R2 and D1 never disagree", () => {
  it("an object without a row older than the grace delay is deleted; recent ones and documents are kept", async () => {
    const prefix = `contracts/62/${contract.id}/`;
    const orphan = `${prefix}orphan-${crypto.randomUUID()}`;
    await env.DOCUMENTS.put(orphan, new Uint8Array([1, 2, 3]));
    const kept = `${prefix}kept-${crypto.randomUUID()}`;
    await env.DOCUMENTS.put(kept, new Uint8Array([4]));
    await insertDocument(db(), {
      departmentCode: "62",
      id: crypto.randomUUID(),
      contractId: contract.id,
      category: "annex",
      r2Key: kept,
      name: "kept.pdf",
      fileType: "pdf",
      mediaType: "application/pdf",
      size: 1,
      uploadedAt: NOW,
    });
    const actor = systemActor("system:cron", "test");
    expect(await cleanOrphanDocuments(db(), env.DOCUMENTS, new Date(), actor, prefix)).not.toContain(orphan);
    const later = new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);
    const deleted = await cleanOrphanDocuments(db(), env.DOCUMENTS, later, actor, prefix);
    expect(deleted).toContain(orphan);
    expect(deleted).not.toContain(kept);
    expect(await env.DOCUMENTS.head(orphan)).toBeNull();
    expect(await env.DOCUMENTS.head(kept)).not.toBeNull();
  });
});

describe("file names", () => {
  it("keep the last path segment, drop control and reserved characters, take the detected type's extension", () => {
    expect(sanitiseFileName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
    expect(sanitiseFileName('C:\\Users\\x\\Contrat "final"\u0000.docx', "pdf")).toBe("Contrat final.pdf");
    expect(sanitiseFileName("...", "odt")).toBe("document.odt");
    expect(sanitiseFileName(`${"é".repeat(300)}.pdf`, "pdf")).toBe(`${"é".repeat(120)}.pdf`);
  });

  it("are sent with an ASCII fallback and the UTF-8 name", () => {
    expect(attachmentHeader("Contrat signé (v2).pdf")).toBe(
      "attachment; filename=\"Contrat signe (v2).pdf\"; filename*=UTF-8''Contrat%20sign%C3%A9%20%28v2%29.pdf",
    );
  });
});
