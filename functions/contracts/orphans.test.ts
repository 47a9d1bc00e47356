import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContractDocument } from "../../shared/contracts";
import { auditRowsOf, callAt, db, department, organisation, type TestUser, user } from "../../test/factories";
import worker from "../index";
import { DAILY_PURGE_CRON } from "../platform/retention";
import { cronJobId } from "../scheduled";
import { ORPHAN_GRACE_MS } from "./documents";
import type { ContractState } from "./domain/contract";
import { insertContract, insertDocument, writeChildren } from "./queries";

/**
 * R2 objects without a D1 row (an upload that died between writing the object and its row) are
 * removed by the daily cron and by the next upload of their contract, once older than the grace
 * delay: a younger one may be an upload whose row is still on its way.
 *
 * The local bucket stamps objects with the real time; the runs below happen "later" (a clock past
 * the grace delay). A fresh object is one whose upload recorded a time inside the grace delay.
 */
const later = () => new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);

let coordinator: TestUser;
let contractId: string;

async function plant(key: string, uploadedAt?: Date) {
  await env.DOCUMENTS.put(key, new Uint8Array([37, 80, 68, 70]), {
    customMetadata: uploadedAt ? { uploadedAt: uploadedAt.toISOString() } : {},
  });
  return key;
}

beforeAll(async () => {
  await department("62");
  await department("59");
  const carrier = await organisation("62", { kind: "commune", name: "Arras", rna: null });
  coordinator = await user("member", "62", carrier.id);
  contractId = crypto.randomUUID();
  const state: ContractState = {
    title: "Contrat local d'Arras",
    carrierOrganisationId: carrier.id,
    council: "clspd",
    coordinator: { name: "Coordinatrice", function: "Coordination CLSPD", email: "c@arras.fr" },
    state: "draft",
    signedOn: null,
    startsOn: null,
    endsOn: null,
    terminatedOn: null,
    terminationReason: null,
    communes: [],
    signatories: [],
    components: [],
  };
  await db().batch([
    insertContract(db(), "62", contractId, state, "2026-01-01T00:00:00Z"),
    ...writeChildren(db(), "62", contractId, null, state, { userId: null, at: "2026-01-01T00:00:00Z" }),
  ]);
});

describe("orphan documents", () => {
  it("the daily cron removes an old orphan as the system, and keeps a fresh orphan, documents and other objects", async () => {
    const prefix = `contracts/62/${contractId}/`;
    const scheduledTime = later().getTime();
    const old = await plant(`${prefix}old-${crypto.randomUUID()}`);
    const old59 = await plant(`contracts/59/${crypto.randomUUID()}/${crypto.randomUUID()}`);
    const fresh = await plant(`${prefix}fresh-${crypto.randomUUID()}`, new Date(scheduledTime - 60_000));
    const kept = await plant(`${prefix}kept-${crypto.randomUUID()}`);
    const elsewhere = await plant(`exports/${crypto.randomUUID()}`);
    await insertDocument(db(), {
      departmentCode: "62",
      id: crypto.randomUUID(),
      contractId,
      category: "annex",
      r2Key: kept,
      name: "annexe.pdf",
      fileType: "pdf",
      mediaType: "application/pdf",
      size: 4,
      uploadedAt: "2026-06-01T00:00:00Z",
    });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: DAILY_PURGE_CRON, scheduledTime }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await env.DOCUMENTS.head(old)).toBeNull();
    expect(await env.DOCUMENTS.head(old59)).toBeNull();
    for (const key of [fresh, kept, elsewhere]) expect(await env.DOCUMENTS.head(key)).not.toBeNull();
    const removed = (await auditRowsOf(contractId)).filter(
      (a) => a.action === "contract.document_orphan_removed",
    );
    expect(removed).toEqual([
      expect.objectContaining({
        departmentCode: "62",
        actorKind: "system:cron",
        actorUserId: null,
        requestId: cronJobId({ cron: DAILY_PURGE_CRON, scheduledTime }),
        before: expect.objectContaining({ r2Key: old, size: 4 }),
      }),
    ]);
  });

  it("the next upload of a contract removes its old orphans, and not the object it writes", async () => {
    const orphan = await plant(`contracts/62/${contractId}/${crypto.randomUUID()}`);
    const doc = await PDFDocument.create();
    doc.addPage().drawText("Annexe");
    const form = new FormData();
    form.append("file", new File([new Uint8Array(await doc.save())], "annexe.pdf"));
    const res = await callAt(
      later().toISOString(),
      "POST",
      `/api/v1/departments/62/contracts/${contractId}/documents`,
      {
        headers: coordinator.headers,
        body: form,
      },
    );
    expect(res.status).toBe(201);
    const uploaded = (await res.json()) as ContractDocument;
    expect(await env.DOCUMENTS.head(orphan)).toBeNull();
    expect(await env.DOCUMENTS.head(`contracts/62/${contractId}/${uploaded.id}`)).not.toBeNull();
    const removed = (await auditRowsOf(contractId)).filter(
      (a) =>
        a.action === "contract.document_orphan_removed" && (a.before as { r2Key: string }).r2Key === orphan,
    );
    expect(removed).toEqual([expect.objectContaining({ actorKind: "user", actorUserId: coordinator.id })]);
  });
});
