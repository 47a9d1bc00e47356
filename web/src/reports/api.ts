/** Calls of the quarter report API that need more than `api`: ETag in and out, file upload. */
import { ApiError, api, problemOf } from "../api";
import type { Entry, Report } from "./model";

export const reportPath = (code: string, period: string) => `/departments/${code}/periods/${period}/report`;

/** Where the browser downloads the report as a file (a plain link: the session cookie goes along). */
export const reportFileUrl = (code: string, period: string, ext: "csv" | "xlsx" | "pdf") =>
  `/api/v1${reportPath(code, period)}.${ext}`;

export type Versioned = { report: Report; etag: string };

async function call(
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal; keepalive?: boolean } = {},
) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { accept: "application/json", ...init.headers },
    body: init.body,
    credentials: "same-origin",
    signal: init.signal,
    keepalive: init.keepalive,
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return res;
}

const versioned = async (res: Response): Promise<Versioned> => {
  const report = (await res.json()) as Report;
  return { report, etag: res.headers.get("etag") ?? `"${report.version}"` };
};

export async function getReport(code: string, period: string, signal?: AbortSignal): Promise<Versioned> {
  return versioned(await call("GET", reportPath(code, period), { signal }));
}

/**
 * Saves entries all-or-nothing; 412 when `etag` is stale, 422 with `/values/<i>/…` pointers.
 * `keepalive` lets the request outlive the page (a save flushed while leaving it).
 */
export async function saveEntries(
  code: string,
  period: string,
  etag: string,
  values: Entry[],
  keepalive = false,
): Promise<Versioned> {
  return versioned(
    await call("PUT", `${reportPath(code, period)}/values`, {
      body: JSON.stringify({ values }),
      headers: { "content-type": "application/json", "if-match": etag },
      keepalive,
    }),
  );
}

export type Transition = "submit" | "validate" | "reopen";

export async function transition(
  code: string,
  period: string,
  action: Transition,
  etag: string,
  reason?: string,
): Promise<Versioned> {
  return versioned(
    await call("POST", `${reportPath(code, period)}/${action}`, {
      body: JSON.stringify(action === "reopen" ? { reason } : {}),
      headers: { "content-type": "application/json", "if-match": etag },
    }),
  );
}

export type ImportResult = {
  changed: string[];
  unchanged: number;
  skipped: { line: number; indicator: string; reason: "empty" | "derived" }[];
  report: Report;
};

/**
 * Uploads a CSV or XLSX file (multipart field "file"); the whole file is checked before anything is
 * written. Like a save, it names the version it replaces: 412 when `etag` is stale.
 */
export async function importFile(
  code: string,
  period: string,
  etag: string,
  file: File,
): Promise<ImportResult & { etag: string }> {
  const form = new FormData();
  form.set("file", file);
  const res = await call("POST", `${reportPath(code, period)}/import`, {
    body: form,
    headers: { "if-match": etag },
  });
  const result = (await res.json()) as ImportResult;
  return { ...result, etag: res.headers.get("etag") ?? `"${result.report.version}"` };
}

export type HistoryItem = {
  id: string;
  state: string;
  value: number | boolean | string | null;
  comment: string | null;
  changedAt: string;
  changedBy: string | null;
  source: string;
};

export const getHistory = (code: string, period: string, indicator: string, signal?: AbortSignal) =>
  api.get<{ items: HistoryItem[] }>(
    `${reportPath(code, period)}/values/${encodeURIComponent(indicator)}/history`,
    undefined,
    signal,
  );

/** « J'ai terminé » (a member, for their organisation) or « Relancer » (the prefecture). */
export async function organisationAction(
  code: string,
  period: string,
  organisationId: string,
  action: "done" | "reminder",
): Promise<Versioned> {
  return versioned(
    await call(
      "POST",
      `${reportPath(code, period)}/organisations/${encodeURIComponent(organisationId)}/${action}`,
    ),
  );
}
