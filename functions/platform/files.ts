import { fileTypeFromBuffer } from "file-type";

/**
 * Uploaded documents (contracts' annexes, conventions signed on paper): the type comes from the
 * content's magic bytes (file-type), never from the name or the declared type; names are cleaned
 * before they are stored and served.
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
