// npm run bench [-- --runs 20] [--keep]
// Scale benchmark of quarterly reporting (issue 3), against a real `wrangler dev` on 127.0.0.1:
// 101 départements × the whole catalogue (national indicators + a copy of Pas-de-Calais' plan for
// every département) × 20 quarters, then medians of the national views, a full report read, a
// full-quarter save, 101 CSV imports, and the national aggregation run directly in SQLite (floor).
// Results: a table on stdout and .tmp/bench-results.json. Not part of npm test.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { lastOpenPeriod, parisDate, previousPeriod, range } from "../shared/periods.ts";
import { buildDataset, type Dataset, loadCatalogue, tableCounts, valueFor } from "./bench-data.ts";
import { explainAll, floorIndicatorSeries, floorNationalReports } from "./bench-floor.ts";
import { measure, type Result, table } from "./bench-stats.ts";
import { root, runNode, startWranglerDev, type WranglerDev, wrangler } from "./wrangler-dev.ts";

const WARMUPS = 2;
const QUARTERS = 20;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 3 || RUNS > 200) {
  console.error("--runs : un entier de 3 à 200.");
  process.exit(2);
}

const log = (message: string) => console.log(`bench: ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Set-up and tear-down

const persist = mkdtempSync(path.join(tmpdir(), "maillage-bench-"));
let dev: WranglerDev | undefined;
let interrupted = false;

async function cleanUp() {
  await dev?.stop();
  if (args.keep) log(`données conservées dans ${persist}`);
  else rmSync(persist, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    void cleanUp().finally(() => process.exit(130));
  });
}

function run(script: string, scriptArgs: string[]) {
  runNode([script, ...scriptArgs]);
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

function d1File(): string {
  const dir = path.join(persist, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1)
    throw new Error(`expected one D1 file in ${dir}, found ${files.join(", ") || "none"}`);
  return path.join(dir, files[0] as string);
}

async function startWrangler(): Promise<{ baseURL: string }> {
  const extra: string[] = [];
  if (!existsSync(path.join(root, "web", "dist", "index.html"))) {
    // The API does not need the UI; wrangler needs an assets folder.
    const assets = path.join(persist, "assets");
    mkdirSync(assets, { recursive: true });
    writeFileSync(path.join(assets, "index.html"), "<!doctype html><title>bench</title>");
    extra.push("--assets", assets);
  }
  // The Worker is bundled once and served with --no-bundle: `wrangler dev` would otherwise
  // rebuild and reload it whenever a source file changes during the measures.
  const worker = path.join(persist, "worker");
  run(wrangler, ["deploy", "--dry-run", "--outdir", worker, ...extra]);
  dev = await startWranglerDev(persist, {
    args: [
      path.join(worker, "index.js"),
      "--config",
      path.join(root, "wrangler.toml"),
      "--no-bundle",
      ...extra,
    ],
    timeoutMs: 90_000,
  });
  return { baseURL: dev.baseURL };
}

// ---------------------------------------------------------------------------------------------
// HTTP

type Reply = { status: number; etag: string | null; text: string };
type ReportItem = {
  indicator: string;
  unit: "count" | "percent" | "yes_no" | "days" | "euros" | "text";
  derived: boolean;
  editable: boolean;
  state: string | null;
  value: number | boolean | string | null;
};
type Report = { status: string; version: number; items: ReportItem[] };

let baseURL = "";

async function call(
  method: string,
  url: string,
  token: string,
  init: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const res = await fetch(`${baseURL}/api/v1${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.json === undefined ? init.form : JSON.stringify(init.json),
    signal: AbortSignal.timeout(120_000),
  });
  // The body is read in full: the client has not got the answer before that.
  return { status: res.status, etag: res.headers.get("etag"), text: await res.text() };
}

function expectOk(reply: Reply, what: string): Reply {
  if (reply.status < 200 || reply.status > 299) {
    throw new Error(`${what}: HTTP ${reply.status}\n${reply.text.slice(0, 2000)}`);
  }
  return reply;
}

/** A value that differs from the stored one, so that every save really writes. */
function changed(item: ReportItem, salt: number): number | boolean | string {
  const v = item.state === "value" ? item.value : null;
  switch (item.unit) {
    case "count":
    case "days":
      return typeof v === "number" ? Math.floor(v) + 1 : (valueFor(item.unit, 0.5, salt) as number);
    case "percent":
      return typeof v === "number" ? (v >= 99 ? 1.5 : Math.round(v * 10 + 5) / 10) : 50;
    case "euros":
      return typeof v === "number" ? Math.round(v * 100 + 125) / 100 : 1000.25;
    case "yes_no":
      return typeof v === "boolean" ? !v : true;
    case "text":
      return `Bilan du trimestre révision ${salt}`;
  }
}

const csvText = (v: number | boolean | string) =>
  typeof v === "boolean" ? (v ? "oui" : "non") : typeof v === "number" ? String(v).replace(".", ",") : v;

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const started = performance.now();
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    /** Other work on the machine skews the figures: 1-minute load average at start and end. */
    loadAverage: { start: Math.round((loadavg()[0] ?? 0) * 100) / 100, end: 0 },
  };
  const current = lastOpenPeriod(parisDate(new Date()));
  let first = current as string;
  for (let i = 1; i < QUARTERS; i++) first = previousPeriod(first);
  const periods = range(first, current);
  log(`${machine.nproc} cœurs, Node ${machine.node}; trimestres ${first} … ${current}; dossier ${persist}`);

  // 1. Migrations and reference data.
  if (!existsSync(path.join(root, ".dev.vars"))) run(path.join(root, "scripts", "dev-vars.ts"), []);
  const setup: Record<string, number> = {};
  [, setup.migrationsMs] = timed(() =>
    run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]),
  );
  [, setup.seedMs] = timed(() =>
    run(path.join(root, "scripts", "seed.ts"), ["--no-demo", "--persist-to", persist]),
  );
  log(`migrations ${seconds(setup.migrationsMs)}, seed de référence ${seconds(setup.seedMs)}`);

  // 2. Scale data set, written into the D1 file while wrangler is not running.
  const file = d1File();
  const catalogue = await loadCatalogue();
  const db = new DatabaseSync(file);
  let dataset: Dataset;
  [dataset, setup.dataMs] = timed(() => buildDataset(db, catalogue, periods));
  const counts = tableCounts(db);
  db.exec("pragma wal_checkpoint(truncate)");
  db.close();
  const floorFile = path.join(persist, "floor.sqlite");
  copyFileSync(file, floorFile);
  const dbBytes = statSync(file).size;
  log(
    `données : ${seconds(setup.dataMs)} — ${counts.report_values} valeurs, ${counts.report_value_history} lignes d'historique, ` +
      `${counts.reports} rapports, ${counts.indicators} indicateurs, ${(dbBytes / 2 ** 20).toFixed(0)} Mo`,
  );

  // 3. wrangler dev.
  const wranglerStart = performance.now();
  ({ baseURL } = await startWrangler());
  setup.wranglerStartMs = performance.now() - wranglerStart;
  log(`wrangler dev prêt sur ${baseURL} en ${seconds(setup.wranglerStartMs)}`);
  // A reload during the measures would skew them: there should be none (see startWrangler).
  const reloads = () =>
    (readFileSync(path.join(persist, "wrangler.log"), "utf8").match(/Reloading local server/g) ?? []).length;
  const reloadsAtStart = reloads();

  const national = dataset.national.token;
  const prefectureToken = (d: string) => {
    const p = dataset.prefecture.get(d);
    if (!p) throw new Error(`no prefecture token for ${d}`);
    return p.token;
  };
  const results: Result[] = [];
  const getReport = async (d: string) => {
    const reply = expectOk(
      await call("GET", `/departments/${d}/periods/${current}/report`, prefectureToken(d)),
      `GET report ${d}`,
    );
    return { etag: reply.etag ?? "", report: JSON.parse(reply.text) as Report };
  };

  // Baselines: the fixed cost of one request through wrangler dev (health: one `select 1`;
  // /me: token authentication, i.e. one more D1 round trip).
  results.push(
    await measure("baseline: GET /health (select 1)", RUNS, WARMUPS, async () =>
      expectOk(await call("GET", "/health", national), "health"),
    ),
    await measure("baseline: GET /me (token auth)", RUNS, WARMUPS, async () =>
      expectOk(await call("GET", "/me", national), "me"),
    ),
  );

  // 4a. National report view.
  const nationalReports = await measure(`GET /national/reports?period=${current}`, RUNS, WARMUPS, async () =>
    expectOk(await call("GET", `/national/reports?period=${current}`, national), "national reports"),
  );
  results.push(nationalReports);

  // 4b. One indicator over 20 quarters, all départements.
  const series = async (code: string) =>
    measure(`GET /national/indicators/${code}?from=${first}&to=${current}`, RUNS, WARMUPS, async () =>
      expectOk(await call("GET", `/national/indicators/${code}?from=${first}&to=${current}`, national), code),
    );
  const seriesTyped = await series(dataset.indicators.nonDerivedNational);
  results.push(seriesTyped);
  if (dataset.indicators.derivedNational) results.push(await series(dataset.indicators.derivedNational));

  // A full quarter report of one département (rotating).
  const depts = dataset.departments;
  results.push(
    await measure(`GET …/periods/${current}/report (1 département)`, RUNS, WARMUPS, async (i) => {
      const d = depts[(i + WARMUPS) % depts.length] as string;
      return expectOk(
        await call("GET", `/departments/${d}/periods/${current}/report`, prefectureToken(d)),
        `report ${d}`,
      );
    }),
  );

  // 4e. The floor: the same SQL in node:sqlite, on a copy of the D1 file.
  const floorDb = new DatabaseSync(floorFile, { readOnly: true });
  const floorReports = await measure(`floor: national reports SQL (node:sqlite)`, RUNS, WARMUPS, () =>
    floorNationalReports(floorDb, current),
  );
  const floorSeries = await measure(
    `floor: ${dataset.indicators.nonDerivedNational} series SQL (node:sqlite)`,
    RUNS,
    WARMUPS,
    () => floorIndicatorSeries(floorDb, dataset.indicators.nonDerivedNational, first, current),
  );
  const plans = explainAll(floorDb, current, dataset.indicators.nonDerivedNational, first, current);
  floorDb.close();
  nationalReports.ratioToFloor = nationalReports.medianMs / floorReports.medianMs;
  seriesTyped.ratioToFloor = seriesTyped.medianMs / floorSeries.medianMs;
  results.push(floorReports, floorSeries);

  // 4c. Saving a full quarter: every editable item of a draft report (rotating across drafts).
  const drafts = depts.filter((d) => dataset.currentStatus.get(d) === "draft");
  if (drafts.length === 0) throw new Error("no draft report to save into");
  let itemsSaved = 0;
  results.push(
    await measure(
      `PUT …/periods/${current}/report/values (full quarter)`,
      RUNS,
      WARMUPS,
      async (i, prepared: { d: string; etag: string; body: unknown }) =>
        expectOk(
          await call(
            "PUT",
            `/departments/${prepared.d}/periods/${current}/report/values`,
            prefectureToken(prepared.d),
            {
              json: prepared.body,
              headers: { "if-match": prepared.etag },
            },
          ),
          `PUT ${prepared.d} (run ${i})`,
        ),
      async (i) => {
        const d = drafts[(i + WARMUPS) % drafts.length] as string;
        const { etag, report } = await getReport(d);
        const values = report.items
          .filter((it) => it.editable && !it.derived)
          .map((it) => ({
            indicator: it.indicator,
            state: "value",
            value: changed(it, i + 100),
            comment: null,
          }));
        itemsSaved = values.length;
        return { d, etag, body: { values } };
      },
    ),
  );
  (results[results.length - 1] as Result).note = `${itemsSaved} valeurs par enregistrement`;

  // 4d. Importing each département's quarter CSV (101 imports), through POST …/report/import.
  let importMode = "import" as "import" | "put";
  let reopened = 0;
  let lines = 0;
  const importOne = async (d: string, prepared: { csv: string; etag: string; entries: unknown[] }) => {
    if (importMode === "import") {
      const form = new FormData();
      form.append("file", new Blob([prepared.csv], { type: "text/csv" }), `${d}-${current}.csv`);
      const reply = await call(
        "POST",
        `/departments/${d}/periods/${current}/report/import`,
        prefectureToken(d),
        {
          form,
          headers: { "if-match": prepared.etag },
        },
      );
      if (reply.status === 404 && reply.text.includes("adresse d'API")) {
        importMode = "put";
      } else {
        return expectOk(reply, `import ${d}`);
      }
    }
    return expectOk(
      await call("PUT", `/departments/${d}/periods/${current}/report/values`, prefectureToken(d), {
        json: { values: prepared.entries },
        headers: { "if-match": prepared.etag },
      }),
      `PUT (import fallback) ${d}`,
    );
  };
  const importResult = await measure(
    `POST …/periods/${current}/report/import (CSV, per département)`,
    depts.length,
    WARMUPS,
    (_i, prepared: { d: string; csv: string; etag: string; entries: unknown[] }) =>
      importOne(prepared.d, prepared),
    async (i) => {
      const d = depts[i < 0 ? i + WARMUPS : i] as string;
      let { etag, report } = await getReport(d);
      if (report.status === "validated") {
        expectOk(
          await call("POST", `/departments/${d}/periods/${current}/report/reopen`, prefectureToken(d), {
            json: { reason: "Correction des chiffres par import (banc d'essai)" },
            headers: { "if-match": etag },
          }),
          `reopen ${d}`,
        );
        reopened++;
        ({ etag, report } = await getReport(d));
      }
      const items = report.items.filter((it) => it.editable && !it.derived);
      const salt = i + 1000;
      const rows = items.map((it) => [it.indicator, "valeur", csvText(changed(it, salt)), ""]);
      lines = rows.length;
      const csv = `\ufeff${[["indicateur", "etat", "valeur", "commentaire"], ...rows].map((r) => r.join(";")).join("\r\n")}\r\n`;
      const entries = items.map((it) => ({
        indicator: it.indicator,
        state: "value",
        value: changed(it, salt),
        comment: null,
      }));
      return { d, csv, etag, entries };
    },
  );
  importResult.note =
    importMode === "import"
      ? `${depts.length} imports (≈${lines} lignes chacun), total ${(importResult.totalMs / 1000).toFixed(1)} s; ${reopened} rapports validés rouverts avant (non chronométré)`
      : `ROUTE D'IMPORT ABSENTE : mesuré par PUT …/report/values avec les mêmes valeurs; total ${(importResult.totalMs / 1000).toFixed(1)} s`;
  if (importMode === "put") importResult.name = `PUT …/report/values (import fallback, per département)`;
  results.push(importResult);

  // 5. Output.
  const totalMs = performance.now() - started;
  const reloadsDuring = reloads() - reloadsAtStart;
  machine.loadAverage.end = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  console.log("");
  console.log(table(results));
  for (const r of results) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  console.log("");
  console.log(
    `machine : ${machine.nproc} cœurs (${machine.cpu}), ${machine.memoryGiB} Gio, Node ${machine.node}, ${machine.platform}; ` +
      `charge (1 min) ${machine.loadAverage.start} au début, ${machine.loadAverage.end} à la fin`,
  );
  console.log(
    `données : ${dataset.departments.length} départements × ${QUARTERS} trimestres (${first} … ${current}); ` +
      Object.entries(counts)
        .map(([t, n]) => `${t} ${n}`)
        .join(", ") +
      `; fichier D1 ${(dbBytes / 2 ** 20).toFixed(0)} Mo`,
  );
  console.log(
    `mise en place : migrations ${seconds(setup.migrationsMs)}, seed ${seconds(setup.seedMs)}, données ${seconds(setup.dataMs)}, wrangler dev ${seconds(setup.wranglerStartMs)}; total du banc ${seconds(totalMs)}`,
  );
  if (reloadsDuring > 0) {
    console.log(
      `ATTENTION : wrangler dev a rechargé le Worker ${reloadsDuring} fois pendant les mesures (fichiers modifiés) : chiffres faussés.`,
    );
  }
  console.log("plans SQLite (EXPLAIN QUERY PLAN) :");
  for (const [q, steps] of Object.entries(plans)) console.log(`  ${q}: ${steps.join(" | ")}`);

  const out = path.join(root, ".tmp");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, "bench-results.json"),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        dataset: {
          departments: dataset.departments.length,
          quarters: QUARTERS,
          from: first,
          to: current,
          rows: counts,
          inserted: dataset.counts,
          d1FileBytes: dbBytes,
          currentQuarterStatus: Object.fromEntries(
            ["validated", "submitted", "draft", "none"].map((s) => [
              s,
              [...dataset.currentStatus.values()].filter((v) => v === s).length,
            ]),
          ),
        },
        setupMs: setup,
        totalMs,
        workerReloadsDuringMeasures: reloadsDuring,
        warmups: WARMUPS,
        results,
        queryPlans: plans,
      },
      null,
      2,
    )}\n`,
  );
  log(`résultats écrits dans .tmp/bench-results.json`);
}

try {
  await main();
} catch (error) {
  if (interrupted) process.exit(130);
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  const logPath = path.join(persist, "wrangler.log");
  if (existsSync(logPath)) {
    console.error("--- fin du journal de wrangler dev ---");
    console.error(readFileSync(logPath, "utf8").split("\n").slice(-40).join("\n"));
  }
  process.exitCode = 1;
} finally {
  await cleanUp();
}
