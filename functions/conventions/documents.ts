import { MAX_DOCUMENT_BYTES } from "../../shared/contract-limits";
import { actorUserId } from "../platform/audit";
import type { Db } from "../platform/db";
import { AppError, notFound } from "../platform/errors";
import { DOCUMENT_TYPES, detectDocumentType, sanitiseFileName } from "../platform/files";
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
const fileError = (status: 413 | 415 | 422, code: string, detail: string) =>
  new AppError(status, code, detail, { errors: [{ in: "file", pointer: "/file", detail }] });

export async function recordSignedOutside(
  db: Db,
  bucket: R2Bucket,
  departmentCode: string,
  caller: Caller,
  id: string,
  file: { name: string; size: number; bytes: () => Promise<ArrayBuffer> },
) {
  const record = await visible(db, departmentCode, caller, id);
  const outcome = rules.recordOutside(caller, circuitOf(record));
  if (!outcome.ok) {
    const r = outcome.refusal;
    throw r.kind === "forbidden"
      ? new AppError(403, "forbidden", r.detail)
      : new AppError(409, r.kind === "conflict" ? r.code : "conflict", r.detail);
  }
  if (file.size > MAX_DOCUMENT_BYTES) throw fileError(413, "file_too_large", "Le document dépasse 10 Mo.");
  const bytes = new Uint8Array(await file.bytes());
  if (bytes.byteLength > MAX_DOCUMENT_BYTES)
    throw fileError(413, "file_too_large", "Le document dépasse 10 Mo.");
  if (bytes.byteLength === 0) throw fileError(422, "validation_failed", "Le document est vide.");
  const type = await detectDocumentType(bytes);
  if (!type)
    throw fileError(
      415,
      "unsupported_file_type",
      "Ce fichier n'est ni un PDF, ni un document ODT, ni un document DOCX (d'après son contenu).",
    );
  const documentId = newId();
  const key = `conventions/${departmentCode}/${id}/${documentId}`;
  const row = {
    departmentCode,
    id: documentId,
    conventionId: id,
    revision: record.row.revision,
    r2Key: key,
    name: sanitiseFileName(file.name, type),
    fileType: type,
    mediaType: DOCUMENT_TYPES[type],
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
