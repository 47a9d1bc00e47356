/** Calls of the contracts API that need more than `api`: ETag in and out, file upload. */
import type {
  AmendmentCreate,
  Contract,
  ContractCreate,
  ContractDocument,
  ContractUpdate,
  DocumentCategory,
  Signature,
} from "../../../shared/contracts";
import { ApiError, problemOf } from "../api";

export const contractsPath = (code: string) => `/departments/${code}/contracts`;
export const contractPath = (code: string, id: string) => `${contractsPath(code)}/${encodeURIComponent(id)}`;
/** Plain links (the session cookie goes along): downloads and the printable summary. */
export const apiUrl = (path: string) => `/api/v1${path}`;

/** A contract with the ETag it was read with: every change names that version in If-Match. */
export type Versioned = { contract: Contract; etag: string };

async function call(
  method: string,
  path: string,
  init: { json?: unknown; body?: BodyInit; etag?: string; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = { accept: "application/json" };
  let body = init.body;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  if (init.etag) headers["if-match"] = init.etag;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: init.signal,
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return res;
}

const versioned = async (res: Response): Promise<Versioned> => {
  const contract = (await res.json()) as Contract;
  return { contract, etag: res.headers.get("etag") ?? `"${contract.version}"` };
};

export const getContract = async (code: string, id: string, signal?: AbortSignal) =>
  versioned(await call("GET", contractPath(code, id), { signal }));

export const createContract = async (code: string, body: ContractCreate) =>
  versioned(await call("POST", contractsPath(code), { json: body }));

export const updateContract = async (code: string, id: string, etag: string, body: ContractUpdate) =>
  versioned(await call("PATCH", contractPath(code, id), { json: body, etag }));

export const addSignatory = async (
  code: string,
  id: string,
  etag: string,
  body: { organisationId: string; role: string },
) => versioned(await call("POST", `${contractPath(code, id)}/signatories`, { json: body, etag }));

export const removeSignatory = async (code: string, id: string, etag: string, organisationId: string) =>
  versioned(
    await call("DELETE", `${contractPath(code, id)}/signatories/${encodeURIComponent(organisationId)}`, {
      etag,
    }),
  );

/** Signatures of different organisations never conflict: no If-Match, the server re-applies it. */
export const recordSignature = async (code: string, id: string, organisationId: string, body: Signature) =>
  versioned(
    await call(
      "PUT",
      `${contractPath(code, id)}/signatories/${encodeURIComponent(organisationId)}/signature`,
      { json: body },
    ),
  );

export const amendContract = async (code: string, id: string, etag: string, body: AmendmentCreate) =>
  versioned(await call("POST", `${contractPath(code, id)}/amendments`, { json: body, etag }));

export const terminateContract = async (
  code: string,
  id: string,
  etag: string,
  body: { terminatedOn: string; reason: string },
) => versioned(await call("POST", `${contractPath(code, id)}/termination`, { json: body, etag }));

export async function uploadDocument(
  code: string,
  id: string,
  file: File,
  category: DocumentCategory,
): Promise<ContractDocument> {
  const form = new FormData();
  form.set("file", file);
  form.set("category", category);
  const res = await call("POST", `${contractPath(code, id)}/documents`, { body: form });
  return (await res.json()) as ContractDocument;
}

export const deleteDocument = async (code: string, id: string, documentId: string) => {
  await call("DELETE", `${contractPath(code, id)}/documents/${encodeURIComponent(documentId)}`);
};
