import { MAX_DOCUMENT_BYTES } from "../../shared/contract-limits";
import { actorUserId } from "../platform/audit";
import type { Db } from "../platform/db";
import { readDocument, type UploadedFile } from "../platform/documents";
import { AppError, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import * as rules from "./domain/circuit";
import { findDocument } from "./queries";
import {
  type Caller,
  circuitOf,
  markSignedOutside,
  missingConvention,
  readConvention,
  visible,
} from "./service";

/**
 * A convention signed outside the app: the scanned file goes to R2 (type from its content, as
 * contracts' documents: PDF, ODT or DOCX, 10 Mo at most), then one batch records the document,
 * the missing signatures (method "outside") and the status. If that batch fails, the object is
 * deleted again, so no row points at nothing and no object is left behind.
 */
export async function recordSignedOutside(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  id: string,
  file: UploadedFile,
) {
  const record = await visible(db, departmentCode, caller, id);
  const outcome = rules.recordOutside(caller, circuitOf(record));
  if (!outcome.ok) {
    const r = outcome.refusal;
    throw r.kind === "forbidden"
      ? new AppError(403, "forbidden", r.detail)
      : new AppError(409, r.kind === "conflict" ? r.code : "conflict", r.detail);
  }
  const { bytes, type, name, mediaType } = await readDocument(file, MAX_DOCUMENT_BYTES);
  const documentId = newId();
  const key = `conventions/${departmentCode}/${id}/${documentId}`;
  const row = {
    departmentCode,
    id: documentId,
    conventionId: id,
    revision: record.row.revision,
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
    customMetadata: { departmentCode, conventionId: id, documentId },
  });
  try {
    await markSignedOutside(db, departmentCode, caller, record, row);
  } catch (error) {
    await bucket.delete(key).catch(() => undefined);
    throw error;
  }
  return readConvention(db, departmentCode, caller, id);
}

/** The scanned convention's bytes, streamed from R2, for a caller who may see the convention. */
export async function downloadScan(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  id: string,
  documentId: string,
) {
  await visible(db, departmentCode, caller, id);
  const row = await findDocument(db, departmentCode, id, documentId);
  if (!row) throw notFound("Ce document n'existe pas.");
  const object = await bucket.get(row.r2Key);
  if (!object) throw missingConvention();
  return { row, body: object.body };
}
