import { fileTypeFromBuffer } from "file-type";
import { AppError } from "./errors";

/**
 * Office documents stored in R2 (contract documents, meeting minutes): one rule for all. The type
 * comes from the content's magic bytes (file-type), never from the name or the declared type; the
 * name is sanitised and takes the detected type's extension; downloads are attachments.
 */
export const DOCUMENT_TYPES = {
  pdf: "application/pdf",
  odt: "application/vnd.oasis.opendocument.text",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

export async function detectDocumentType(bytes: Uint8Array): Promise<DocumentType | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found && found.ext in DOCUMENT_TYPES ? (found.ext as DocumentType) : null;
}

/**
 * The name a document is stored and served under: the original's last path segment without
 * control or reserved characters, its extension the one of the detected type ("contrat.docx"
 * holding a PDF is served as "contrat.pdf").
 */
export function sanitiseFileName(original: string, type: DocumentType): string {
  const base = original.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"*:<>?|;]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
  const stem =
    cleaned
      .replace(/\.[^.]*$/, "")
      .replace(/^[.\s]+|[.\s]+$/g, "")
      .slice(0, 120) || "document";
  return `${stem}.${type}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187). */
export function attachmentHeader(name: string): string {
  const ascii = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const fileError = (status: 413 | 415 | 422, code: string, detail: string) =>
  new AppError(status, code, detail, { errors: [{ in: "file", pointer: "/file", detail }] });

export type UploadedFile = { name: string; size: number; bytes: () => Promise<ArrayBuffer> };

/**
 * Reads an uploaded file and checks it: `maxBytes` at most (413, before and after reading: the
 * declared size may lie), not empty (422), a PDF, ODT or DOCX by its content (415).
 */
export async function readDocument(file: UploadedFile, maxBytes: number) {
  const tooLarge = () =>
    fileError(413, "file_too_large", `Le document dépasse ${Math.round(maxBytes / 1024 / 1024)} Mo.`);
  if (file.size > maxBytes) throw tooLarge();
  const bytes = new Uint8Array(await file.bytes());
  if (bytes.byteLength > maxBytes) throw tooLarge();
  if (bytes.byteLength === 0) throw fileError(422, "validation_failed", "Le document est vide.");
  const type = await detectDocumentType(bytes);
  if (!type)
    throw fileError(
      415,
      "unsupported_file_type",
      "Ce fichier n'est ni un PDF, ni un document ODT, ni un document DOCX (d'après son contenu).",
    );
  return { bytes, type, name: sanitiseFileName(file.name, type), mediaType: DOCUMENT_TYPES[type] };
}
