// Seeds the local D1 database: territorial reference data and the indicator catalogue (measures,
// national indicators, the Pas-de-Calais plan), and demo organisations, users, assignments and
// report values unless --no-demo is given. Idempotent: a second run changes nothing.
//   node scripts/seed.ts [--no-demo] [--remote] [any wrangler d1 execute option, e.g. --persist-to <dir>]
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { catalogueStatements, demoCatalogueStatements } from "./seed-catalogue.ts";
import { demoStatements, referenceStatements } from "./seed-data.ts";
import { demoPlacementStatements } from "./seed-placements.ts";

const root = new URL("../", import.meta.url);
const started = performance.now();
const args = process.argv.slice(2);
const demo = !args.includes("--no-demo");
const passThrough = args.filter((a) => a !== "--no-demo");
// The local D1 unless --remote is given; demo users never go to a remote database.
const remote = args.includes("--remote");
if (remote && demo) {
  console.error("seed: --remote requires --no-demo (demo users must never reach a real database)");
  process.exit(1);
}

const dataDir = new URL("node_modules/@etalab/decoupage-administratif/data/", root);
const reference = referenceStatements(dataDir);
const catalogue = catalogueStatements();
const demoCatalogue = demo ? demoCatalogueStatements() : null;
const statements = [
  ...reference.statements,
  ...catalogue.statements,
  // Demo catalogue data refers to the demo organisations and users: after them.
  ...(demo ? demoStatements() : []),
  ...(demo ? demoPlacementStatements() : []),
  ...(demoCatalogue?.statements ?? []),
];

const seedDir = new URL(".wrangler/seed/", root);
mkdirSync(seedDir, { recursive: true });
// One file per run: two seeds at once (e.g. tests) must not execute each other's statements.
const file = new URL(`seed-${process.pid}.sql`, seedDir);
writeFileSync(file, `${statements.join("\n")}\n`);

console.log(
  `seed: ${reference.counts.departments} départements, ${reference.counts.arrondissements} arrondissements, ` +
    `${reference.counts.communes} communes, ${reference.counts.epcis} EPCI × département, ${reference.counts.epciCommunes} communes membres d'EPCI${demo ? ", démo" : ""}`,
);
console.log(
  `seed: catalogue ${catalogue.counts.measures} mesures, ${catalogue.counts.national} indicateurs nationaux, ` +
    `62 : ${catalogue.counts.axes} axes, ${catalogue.counts.sheets} fiches, ${catalogue.counts.local} indicateurs locaux` +
    (demoCatalogue ? `, démo : ${demoCatalogue.values} valeurs trimestrielles (62 et 59)` : ""),
);

// Run wrangler with this same Node (≥ 22), whatever `node` is first on PATH. Its per-statement JSON
// report (one empty result per INSERT) is left out; its messages and errors are shown.
let output: string;
try {
  output = execFileSync(
    process.execPath,
    [
      new URL("node_modules/wrangler/bin/wrangler.js", root).pathname,
      "d1",
      "execute",
      "DB",
      ...(remote ? [] : ["--local"]),
      "--file",
      new URL(file).pathname,
      ...passThrough,
    ],
    {
      cwd: root,
      stdio: ["inherit", "pipe", "inherit"],
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
} catch (error) {
  process.stdout.write(String((error as { stdout?: unknown }).stdout ?? ""));
  console.error(`seed: failed (${file.pathname})`);
  process.exit(1);
}
process.stdout.write(output.split(/^\[$/m)[0] ?? output);
rmSync(file); // kept only when the run failed, to look at
console.log(`seed: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
