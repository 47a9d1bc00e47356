import { type ContractDocument, type DocumentCategory, MAX_DOCUMENT_BYTES } from "../../shared/contracts";
import { actorUserId, auditEvent } from "../platform/audit";
import type { Actor } from "../platform/context";
import { chunk, type Db } from "../platform/db";
import { attachmentHeader, readDocument, sanitiseFileName } from "../platform/documents";
import { forbidden, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { carries } from "./domain/access";
import {
  deleteDocument as deleteRow,
  documentsOf,
  findDocument,
  insertDocument,
  knownDocumentKeys,
} from "./queries";
import { audit, type Caller, visible } from "./service";

/**
 * Contract documents in R2. The type comes from the content's magic bytes (file-type), never from
 * the name or the declared type. The object is written before its row and deleted after it, so a
 * row never points at nothing; an object left without a row (a failed upload) is an orphan that
 * `cleanOrphanDocuments` removes (the next upload of the contract calls it, a job may too). The
 * checks and the file name rules are platform/documents.ts's, shared with governance's minutes.
 */

/** An orphan younger than this may be an upload still writing its row: left alone. */
export const ORPHAN_GRACE_MS = 15 * 60_000;

export { attachmentHeader, sanitiseFileName };

const toDocument = (row: Awaited<ReturnType<typeof documentsOf>>[number]): ContractDocument => ({
  id: row.id,
  category: row.category,
  name: row.name,
  fileType: row.fileType,
  mediaType: row.mediaType,
  size: row.size,
  uploadedAt: row.uploadedAt,
});

export async function listDocuments(db: Db, departmentCode: string, caller: Caller, contractId: string) {
  await visible(db, departmentCode, caller, contractId);
  return (await documentsOf(db, departmentCode, contractId)).map(toDocument);
}

export async function uploadDocument(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  contractId: string,
  file: { name: string; size: number; bytes: () => Promise<ArrayBuffer> },
  category: DocumentCategory,
) {
  const record = await visible(db, departmentCode, caller, contractId);
  if (!carries(caller, record.contract))
    throw forbidden("Seuls les membres de la collectivité porteuse déposent les documents du contrat.");
  const { bytes, type, name, mediaType } = await readDocument(file, MAX_DOCUMENT_BYTES);
  const prefix = `contracts/${departmentCode}/${contractId}/`;
  await cleanOrphanDocuments(db, bucket, new Date(caller.at), caller.actor, prefix);
  const id = newId();
  const key = `${prefix}${id}`;
  const row = {
    departmentCode,
    id,
    contractId,
    category,
    r2Key: key,
    name,
    fileType: type,
    mediaType,
    size: bytes.byteLength,
    uploadedAt: caller.at,
    uploadedBy: actorUserId(caller.actor),
  };
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: row.mediaType },
    customMetadata: { departmentCode, contractId, documentId: id, uploadedAt: caller.at },
  });
  try {
    await db.batch([
      insertDocument(db, row),
      audit(db, caller, {
        departmentCode,
        action: "contract.document_uploaded",
        entityType: "contract",
        entityId: contractId,
        after: toDocument(row),
      }),
    ]);
  } catch (error) {
    // The row was not written: remove the object now rather than leave it to the cleaner.
    await bucket.delete(key).catch(() => undefined);
    throw error;
  }
  return toDocument(row);
}

/** The document's bytes, streamed from R2, for a caller who may see the contract. */
export async function downloadDocument(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  contractId: string,
  documentId: string,
) {
  await visible(db, departmentCode, caller, contractId);
  const row = await findDocument(db, departmentCode, contractId, documentId);
  if (!row) throw notFound("Ce document n'existe pas.");
  const object = await bucket.get(row.r2Key);
  if (!object) throw notFound("Ce document n'existe plus.");
  return { document: toDocument(row), body: object.body };
}

/** Deletes the row (audited) then the object; an object left behind is an orphan for the cleaner. */
export async function deleteDocument(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  contractId: string,
  documentId: string,
) {
  const record = await visible(db, departmentCode, caller, contractId);
  const row = await findDocument(db, departmentCode, contractId, documentId);
  if (!row) throw notFound("Ce document n'existe pas.");
  if (!carries(caller, record.contract))
    throw forbidden("Seuls les membres de la collectivité porteuse suppriment les documents du contrat.");
  await db.batch([
    deleteRow(db, departmentCode, documentId),
    audit(db, caller, {
      departmentCode,
      action: "contract.document_deleted",
      entityType: "contract",
      entityId: contractId,
      before: toDocument(row),
    }),
  ]);
  await bucket.delete(row.r2Key).catch(() => undefined);
}

/**
 * When an object was written: the later of R2's own time and the `uploadedAt` the upload recorded
 * (the Worker's clock), so that neither clock running behind makes a fresh upload look old.
 */
const writtenAt = (o: R2Object) => {
  const recorded = Date.parse(o.customMetadata?.uploadedAt ?? "");
  return Number.isNaN(recorded) ? o.uploaded.getTime() : Math.max(o.uploaded.getTime(), recorded);
};

/** Where an object's key says it belongs: `contracts/<département>/<contract>/<document>`. */
const ownerOf = (key: string) => {
  const [, departmentCode = null, contractId = ""] = key.split("/");
  return { departmentCode, contractId };
};

/**
 * Deletes objects under `prefix` that have no document row and were written more than
 * ORPHAN_GRACE_MS before `now` (a younger one may be an upload still writing its row). Each removal
 * leaves a `contract.document_orphan_removed` audit event in the name of `actor` (the daily cron's
 * system actor, or the uploader whose upload cleaned its contract). Returns the keys deleted.
 */
export async function cleanOrphanDocuments(
  db: Db,
  bucket: R2Bucket,
  now: Date,
  actor: Actor,
  prefix = "contracts/",
) {
  const deleted: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 500, include: ["customMetadata"] });
    const old = page.objects.filter((o) => writtenAt(o) < now.getTime() - ORPHAN_GRACE_MS);
    if (old.length > 0) {
      const known = await knownDocumentKeys(
        db,
        old.map((o) => o.key),
      );
      const orphans = old.filter((o) => !known.has(o.key));
      if (orphans.length > 0) {
        await bucket.delete(orphans.map((o) => o.key));
        const events = orphans.map((o) => {
          const { departmentCode, contractId } = ownerOf(o.key);
          return auditEvent({ db, clock: { now: () => now } }, actor, {
            departmentCode,
            action: "contract.document_orphan_removed",
            entityType: "contract",
            entityId: contractId,
            before: { r2Key: o.key, size: o.size, uploadedAt: o.uploaded.toISOString() },
          });
        });
        for (const part of chunk(events, 1, 50)) await db.batch(part as [(typeof part)[0], ...typeof part]);
        deleted.push(...orphans.map((o) => o.key));
      }
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}
