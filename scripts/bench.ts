/// <reference path="../functions/reminders/jours-feries.d.ts" />
// npm run bench [-- --runs 20] [--load-seconds 6] [--keep] [--reuse DIR]
// Scale benchmark of quarterly reporting, against a real `wrangler dev` on 127.0.0.1:
// 101 départements × the whole catalogue (national indicators + a copy of Pas-de-Calais' plan for
// every département) × 20 quarters. Medians of the national views (in turns with their floor: the
// same SQL in node:sqlite), a report read, a full-quarter PUT and the import of the same values
// (in turns); throughput with 16 requests in flight against GET /health; the D1 statements and
// round trips of every route (the Worker counts them with D1_STATS=1); the targets of issue 6 §7
// with pass/fail. Results: tables on stdout and .tmp/bench-results.json. Not part of npm test.
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
import joursFeries from "@socialgouv/jours-feries";
import { lastOpenPeriod, parisDate, previousPeriod, range } from "../shared/periods.ts";
import { buildDataset, type Dataset, loadCatalogue, tableCounts, valueFor } from "./bench-data.ts";
import { explainAll, floorSqlite, type Statement } from "./bench-floor.ts";
import {
  type Counted,
  type D1Count,
  measure,
  measureInTurns,
  type Result,
  spec,
  type Target,
  type Throughput,
  table,
  targetsTable,
  throughputInTurns,
  throughputTable,
} from "./bench-stats.ts";
import { root, runNode, startWranglerDev, type WranglerDev, wrangler } from "./wrangler-dev.ts";

const WARMUPS = 2;
const QUARTERS = 20;
/** Requests in flight in the throughput measure (as `wrk -c 16`). */
const CONCURRENCY = 16;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
    "load-seconds": { type: "string", default: "6" },
    /** A folder kept by --keep: its data set is measured again (quicker, while tuning; the writes of earlier runs stay). */
    reuse: { type: "string" },
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

const persist = args.reuse ?? mkdtempSync(path.join(tmpdir(), "maillage-bench-"));
let dev: WranglerDev | undefined;
let interrupted = false;

async function cleanUp() {
  await dev?.stop();
  if (args.keep || args.reuse) log(`données conservées dans ${persist}`);
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
      // Count D1 statements and round trips per request (functions/platform/d1-stats.ts).
      "--var",
      "D1_STATS:1",
      // The in-stack floor routes of the national views (functions/national/bench-floor.ts).
      "--var",
      "BENCH_FLOOR:1",
      ...extra,
    ],
    timeoutMs: 90_000,
  });
  return { baseURL: dev.baseURL };
}

// ---------------------------------------------------------------------------------------------
// HTTP

type Reply = Counted & { status: number; etag: string | null; text: string };
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

/** An HTTP call; `token` null: anonymous. The Worker runs with D1_STATS=1 and answers its D1 counts. */
async function call(
  method: string,
  url: string,
  token: string | null,
  init: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const res = await fetch(`${baseURL}/api/v1${url}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.json === undefined ? init.form : JSON.stringify(init.json),
    signal: AbortSignal.timeout(120_000),
  });
  // The body is read in full: the client has not got the answer before that.
  const statements = res.headers.get("x-d1-statements");
  const roundTrips = res.headers.get("x-d1-round-trips");
  return {
    status: res.status,
    etag: res.headers.get("etag"),
    text: await res.text(),
    d1:
      statements === null || roundTrips === null
        ? null
        : { statements: Number(statements), roundTrips: Number(roundTrips) },
  };
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
  const datasetFile = path.join(persist, "dataset.json");
  let dataset: Dataset;
  let counts: Record<string, number>;
  if (args.reuse) {
    const saved = JSON.parse(readFileSync(datasetFile, "utf8"));
    dataset = {
      ...saved,
      prefecture: new Map(saved.prefecture),
      currentStatus: new Map(saved.currentStatus),
    };
    const db = new DatabaseSync(d1File());
    counts = tableCounts(db);
    db.close();
    log(`données reprises de ${persist}`);
  } else {
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
    [dataset, setup.dataMs] = timed(() => buildDataset(db, catalogue, periods));
    counts = tableCounts(db);
    db.exec("pragma wal_checkpoint(truncate)");
    db.close();
    copyFileSync(file, path.join(persist, "floor.sqlite"));
    writeFileSync(
      datasetFile,
      JSON.stringify({
        ...dataset,
        prefecture: [...dataset.prefecture],
        currentStatus: [...dataset.currentStatus],
      }),
    );
  }
  const file = d1File();
  const floorFile = path.join(persist, "floor.sqlite");
  copyFileSync(file, floorFile);
  const dbBytes = statSync(file).size;
  log(
    `données : ${seconds(setup.dataMs ?? 0)} — ${counts.report_values} valeurs, ${counts.report_value_history} lignes d'historique, ` +
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
  const reportPath = (d: string) => `/departments/${d}/periods/${current}/report`;
  const getReport = async (d: string) => {
    const reply = expectOk(await call("GET", reportPath(d), prefectureToken(d)), `GET report ${d}`);
    return { etag: reply.etag ?? "", report: JSON.parse(reply.text) as Report };
  };
  const depts = dataset.departments;

  // 4a. Baselines: the fixed cost of one request through wrangler dev. /health is anonymous and
  // runs one `select 1` (one D1 round trip: the floor of any route); /me adds the token lookup.
  const health = () => call("GET", "/health", null).then((r) => expectOk(r, "health"));
  const me = () => call("GET", "/me", national).then((r) => expectOk(r, "me"));
  const nationalView = () =>
    call("GET", `/national/reports?period=${current}`, national).then((r) => expectOk(r, "national reports"));
  // A token records its last use at most once a minute (one more write): reads rotate over a few
  // départements whose tokens were just used, as a user reading reports would be.
  const readers = depts.slice(0, 8);
  for (const d of readers) expectOk(await call("GET", "/me", prefectureToken(d)), `me ${d}`);
  const reportRead = (i: number) => {
    const d = readers[(i + WARMUPS) % readers.length] as string;
    return call("GET", reportPath(d), prefectureToken(d)).then((r) => expectOk(r, `report ${d}`));
  };
  results.push(
    await measure("baseline: GET /health (select 1, anonymous)", RUNS, WARMUPS, health),
    await measure("baseline: GET /me (token auth)", RUNS, WARMUPS, me),
    await measure(`GET …/periods/${current}/report (1 département)`, RUNS, WARMUPS, reportRead),
  );
  // The PDF to sign: a quarter two back is validated everywhere, with the whole catalogue (the
  // biggest report there is), rendered by pdf-lib in the Worker.
  const pdfPeriod = previousPeriod(previousPeriod(current));
  const pdfRead = (i: number) => {
    const d = readers[(i + WARMUPS) % readers.length] as string;
    return call("GET", `/departments/${d}/periods/${pdfPeriod}/report.pdf`, prefectureToken(d)).then((r) =>
      expectOk(r, `report.pdf ${d}`),
    );
  };
  results.push(
    await measure(
      `GET …/periods/${pdfPeriod}/report.pdf (validated, whole catalogue)`,
      RUNS,
      WARMUPS,
      pdfRead,
    ),
  );

  // 4b. The national views, each in turns with its two floors: the same statements raw in the
  // Worker on the D1 binding, in one batch, behind the same sign-in (/dev/bench-floor/…, the
  // targets' floor), and the same statements in node:sqlite on a copy of the D1 file (no Worker,
  // no D1 bridge, no JSON; printed for comparison).
  const floorDb = new DatabaseSync(floorFile, { readOnly: true });
  const statementsOf = async (url: string) =>
    JSON.parse(expectOk(await call("GET", url, national), url).text) as Statement[];
  const floorCall = (url: string) => async () => expectOk(await call("GET", url, national), url);
  const reportsQuery = `national/reports?period=${current}`;
  const reportsStatements = await statementsOf(
    `/dev/bench-floor/national/reports/statements?period=${current}`,
  );
  const [nationalReports, floorReports, sqliteReports] = await measureInTurns(
    [
      { name: `GET /national/reports?period=${current}`, timed: nationalView },
      {
        name: "floor: national reports SQL raw in the Worker (1 batch)",
        timed: floorCall(`/dev/bench-floor/${reportsQuery}`),
      },
      {
        name: "floor: national reports SQL (node:sqlite)",
        timed: () => floorSqlite(floorDb, reportsStatements),
      },
    ],
    RUNS,
    WARMUPS,
  );
  const seriesQuery = (code: string) => `indicators/${code}?from=${first}&to=${current}`;
  const seriesUrl = (code: string) => `/national/${seriesQuery(code)}`;
  const seriesCall = (code: string) => async () =>
    expectOk(await call("GET", seriesUrl(code), national), code);
  const typed = dataset.indicators.nonDerivedNational;
  const seriesStatements = await statementsOf(
    `/dev/bench-floor/national/indicators/${typed}/statements?from=${first}&to=${current}`,
  );
  const [seriesTyped, floorSeries, sqliteSeries] = await measureInTurns(
    [
      { name: `GET ${seriesUrl(typed)}`, timed: seriesCall(typed) },
      {
        name: `floor: ${typed} series SQL raw in the Worker (1 batch)`,
        timed: floorCall(`/dev/bench-floor/national/${seriesQuery(typed)}`),
      },
      {
        name: `floor: ${typed} series SQL (node:sqlite)`,
        timed: () => floorSqlite(floorDb, seriesStatements),
      },
    ],
    RUNS,
    WARMUPS,
  );
  const plans = explainAll(floorDb, {
    answeredCounts: reportsStatements[3],
    reportsOfPeriod: reportsStatements[2],
    activeIndicators: reportsStatements[1],
    valuesOfIndicator: seriesStatements[2],
    departmentPopulations: seriesStatements[3],
  });
  floorDb.close();
  if (!nationalReports || !floorReports || !sqliteReports || !seriesTyped || !floorSeries || !sqliteSeries)
    throw new Error("missing measure");
  nationalReports.ratioToFloor = nationalReports.medianMs / floorReports.medianMs;
  nationalReports.ratioToSqlite = nationalReports.medianMs / sqliteReports.medianMs;
  floorReports.ratioToSqlite = floorReports.medianMs / sqliteReports.medianMs;
  seriesTyped.ratioToFloor = seriesTyped.medianMs / floorSeries.medianMs;
  seriesTyped.ratioToSqlite = seriesTyped.medianMs / sqliteSeries.medianMs;
  floorSeries.ratioToSqlite = floorSeries.medianMs / sqliteSeries.medianMs;
  results.push(nationalReports, floorReports, sqliteReports, seriesTyped, floorSeries, sqliteSeries);
  const derivedCode = dataset.indicators.derivedNational;
  if (derivedCode) {
    const [seriesDerived, floorDerived] = await measureInTurns(
      [
        { name: `GET ${seriesUrl(derivedCode)} (derived)`, timed: seriesCall(derivedCode) },
        {
          name: `floor: ${derivedCode} series SQL raw in the Worker (2 batches, as the route)`,
          timed: floorCall(`/dev/bench-floor/national/${seriesQuery(derivedCode)}`),
        },
      ],
      RUNS,
      WARMUPS,
    );
    if (!seriesDerived || !floorDerived) throw new Error("missing measure");
    seriesDerived.ratioToFloor = seriesDerived.medianMs / floorDerived.medianMs;
    results.push(seriesDerived, floorDerived);
  }

  // 4c. Throughput with 16 requests in flight, routes in turns (a few départements' reports, so
  // that their tokens' "last used" write, once a minute, stays rare).
  const loadSeconds = Number(args["load-seconds"]);
  const throughput = await throughputInTurns(
    [
      { name: "GET /health", request: health },
      { name: "GET /me (token auth only)", request: me },
      { name: `GET …/periods/${current}/report`, request: reportRead },
      { name: `GET /national/reports?period=${current}`, request: nationalView },
    ],
    { concurrency: CONCURRENCY, rounds: 6, sliceMs: (loadSeconds * 1000) / 6 },
  );

  // 4d. Saving a full quarter, by PUT and by importing the same values as a CSV, in turns in the
  // same départements: every editable item, values changed each time so that every save writes.
  // Validated reports are reopened first (untimed).
  let reopened = 0;
  let itemsSaved = 0;
  const prepareSave = async (d: string, salt: number) => {
    let { etag, report } = await getReport(d);
    if (report.status === "validated") {
      expectOk(
        await call("POST", `${reportPath(d)}/reopen`, prefectureToken(d), {
          json: { reason: "Correction des chiffres par import (banc d'essai)" },
          headers: { "if-match": etag },
        }),
        `reopen ${d}`,
      );
      reopened++;
      ({ etag, report } = await getReport(d));
    }
    const items = report.items.filter((it) => it.editable && !it.derived);
    itemsSaved = items.length;
    const entries = items.map((it) => ({ it, value: changed(it, salt) }));
    return { d, etag, entries };
  };
  type Save = Awaited<ReturnType<typeof prepareSave>>;
  const saves = Math.min(depts.length, RUNS * 5);
  const [putResult, importResult] = await measureInTurns(
    [
      spec({
        name: `PUT …/periods/${current}/report/values (full quarter)`,
        prepare: (i: number) => prepareSave(depts[(i + WARMUPS) % depts.length] as string, i + 100),
        timed: async (i: number, p: Save) =>
          expectOk(
            await call("PUT", `${reportPath(p.d)}/values`, prefectureToken(p.d), {
              json: {
                values: p.entries.map(({ it, value }) => ({
                  indicator: it.indicator,
                  state: "value",
                  value,
                  comment: null,
                })),
              },
              headers: { "if-match": p.etag },
            }),
            `PUT ${p.d} (run ${i})`,
          ),
      }),
      spec({
        name: `POST …/periods/${current}/report/import (the same values, CSV)`,
        prepare: (i: number) => prepareSave(depts[(i + WARMUPS) % depts.length] as string, i + 1000),
        timed: async (i: number, p: Save) => {
          const rows = p.entries.map(({ it, value }) => [it.indicator, "valeur", csvText(value), ""]);
          const csv = `\ufeff${[["indicateur", "etat", "valeur", "commentaire"], ...rows].map((r) => r.join(";")).join("\r\n")}\r\n`;
          const form = new FormData();
          form.append("file", new Blob([csv], { type: "text/csv" }), `${p.d}-${current}.csv`);
          return expectOk(
            await call("POST", `${reportPath(p.d)}/import`, prefectureToken(p.d), {
              form,
              headers: { "if-match": p.etag },
            }),
            `import ${p.d} (run ${i})`,
          );
        },
      }),
    ],
    saves,
    WARMUPS,
  );
  if (!putResult || !importResult) throw new Error("missing measure");
  putResult.note = `${itemsSaved} valeurs par enregistrement, ${saves} départements`;
  importResult.note = `les mêmes ${itemsSaved} valeurs en CSV dans les mêmes départements; ${reopened} rapports validés rouverts avant (non chronométré)`;
  results.push(putResult, importResult);

  // 4e. The targets of issue 6, §7.
  const healthRate = throughput[0] as Throughput;
  const share = (t: Throughput | undefined) => (t ? t.perSecond / healthRate.perSecond : 0);
  const reportRoute = results.find((r) => r.name.startsWith("GET …/periods/"));
  const targets: Target[] = [
    ...[
      ["report read", reportRoute?.d1],
      ["national view", nationalReports.d1],
    ].map(([what, d1]) => ({
      what: `D1 round trips: ${what as string}`,
      value: d1 ? `${(d1 as D1Count).roundTrips} (${(d1 as D1Count).statements} statements)` : "not counted",
      limit: "≤ 3",
      pass: d1 !== undefined && (d1 as D1Count).roundTrips <= 3,
    })),
    ...[throughput[2], throughput[3]].map((t) => ({
      what: `throughput at ${CONCURRENCY} in flight: ${t?.name} / health`,
      value: `${Math.round(100 * share(t))} % (${t?.perSecond.toFixed(0)} / ${healthRate.perSecond.toFixed(0)} req/s)`,
      limit: "≥ 50 %",
      pass: share(t) >= 0.5,
    })),
    {
      what: "national report view / its SQL floor in the Worker",
      value: `${nationalReports.ratioToFloor.toFixed(2)}× (${nationalReports.ratioToSqlite.toFixed(1)}× node:sqlite's)`,
      limit: "≤ 3×",
      pass: nationalReports.ratioToFloor <= 3,
    },
    {
      what: `one indicator over ${QUARTERS} quarters / its SQL floor in the Worker`,
      value: `${seriesTyped.ratioToFloor.toFixed(2)}× (${seriesTyped.ratioToSqlite.toFixed(1)}× node:sqlite's)`,
      limit: "≤ 3×",
      pass: seriesTyped.ratioToFloor <= 3,
    },
    {
      what: "quarter import / PUT of the same values",
      value: `${(importResult.medianMs / putResult.medianMs).toFixed(2)}×`,
      limit: "≤ 1.20×",
      pass: importResult.medianMs <= putResult.medianMs * 1.2,
    },
  ];
  // 4f. One daily reminders run over every département, through the Worker's scheduled handler
  // (last: its queue messages are then sent in the background).
  const reminders = await measureReminderRun();
  targets.push({
    what: `reminders: one daily run, ${reminders.departments} départements (decide + enqueue)`,
    value: `${reminders.ms} ms in the Worker, ${reminders.wallMs} ms wall; ${reminders.statements} D1 statements in ${reminders.roundTrips} round trips; ${reminders.queued} queued`,
    limit: "≤ 10 s",
    pass: reminders.ms <= 10_000 && reminders.wallMs <= 10_000,
  });

  // What no route can go below through wrangler dev on this machine: one anonymous `select 1`.
  const healthResult = results[0] as Result;
  const bound = `pour mémoire : GET /health seul = ${(healthResult.medianMs / sqliteReports.medianMs).toFixed(2)}× le plancher node:sqlite de la vue nationale, ${(healthResult.medianMs / sqliteSeries.medianMs).toFixed(2)}× celui de la série; plancher dans le Worker = ${floorReports.medianMs.toFixed(1)} ms (vue nationale), ${floorSeries.medianMs.toFixed(1)} ms (série); /me (jeton) = ${Math.round(100 * share(throughput[1]))} % du débit de /health`;

  // 5. Output.
  const totalMs = performance.now() - started;
  const reloadsDuring = reloads() - reloadsAtStart;
  machine.loadAverage.end = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  console.log("");
  console.log(table(results));
  for (const r of results) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  for (const r of results)
    if (r.d1?.varied) console.log(`  ${r.name}: * D1 (statements/round trips × requests) ${r.d1.varied}`);
  console.log("");
  console.log(throughputTable(throughput, healthRate));
  console.log("");
  console.log(targetsTable(targets));
  console.log(`  ${bound}`);
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
    `mise en place : migrations ${seconds(setup.migrationsMs ?? 0)}, seed ${seconds(setup.seedMs ?? 0)}, données ${seconds(setup.dataMs ?? 0)}, wrangler dev ${seconds(setup.wranglerStartMs)}; total du banc ${seconds(totalMs)}`,
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
        throughput,
        targets,
        bound,
        queryPlans: plans,
      },
      null,
      2,
    )}\n`,
  );
  log(`résultats écrits dans .tmp/bench-results.json`);
}

type ReminderRunFigures = {
  departments: number;
  due: number;
  queued: number;
  ms: number;
  statements: number;
  roundTrips: number;
  wallMs: number;
};

/** 08:30 in Paris on the next weekday that is not a national public holday (the daily run's instant). */
function nextWorkingMorning(from: Date): Date {
  const paris = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    minute: "2-digit",
  });
  for (let d = 1; d < 30; d++) {
    const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + d));
    const ymd = day.toISOString().slice(0, 10);
    const holidays = Object.values(joursFeries(day.getUTCFullYear())).map((h) =>
      h.toISOString().slice(0, 10),
    );
    if ([0, 6].includes(day.getUTCDay()) || holidays.some((h) => h === ymd)) continue;
    for (const hour of [6, 7]) {
      const at = new Date(`${ymd}T0${hour}:30:00Z`);
      if (paris.format(at) === "08:30") return at;
    }
  }
  throw new Error("no working day within 30 days");
}

/** Fires the daily reminders cron at its next instant and reads the figures the run logs (D1_STATS=1). */
async function measureReminderRun(): Promise<ReminderRunFigures> {
  const at = nextWorkingMorning(new Date());
  const cron = `30 ${at.getUTCHours()} * * 1-5`;
  const jobId = `cron:${cron}@${at.toISOString()}`;
  const started = performance.now();
  const res = await fetch(
    `${baseURL}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}&time=${at.getTime()}`,
  );
  if (!res.ok) throw new Error(`scheduled handler: ${res.status} ${await res.text()}`);
  for (let i = 0; i < 600; i++) {
    const line = readFileSync(dev?.logFile ?? "", "utf8")
      .split("\n")
      .find((l) => l.includes('"reminders run"') && l.includes(jobId));
    if (line) {
      const figures = JSON.parse(line.slice(line.indexOf("{"))) as Omit<ReminderRunFigures, "wallMs">;
      return { ...figures, wallMs: Math.round(performance.now() - started) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the reminders run did not log its figures within 60 s");
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
