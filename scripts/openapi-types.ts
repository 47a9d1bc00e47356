// Generates the API's TypeScript types with openapi-typescript, as any client of the API would:
// exports the OpenAPI document, then runs tools/openapi-client (its own package: openapi-typescript
// needs the TypeScript 5 compiler API, the root uses TypeScript 7), installing it when missing or
// when its lock file changed. Output: tools/openapi-client/generated/maillage-api.d.ts (not committed),
// compiled by `npm run typecheck` with the test that calls the API through openapi-fetch.
//   node scripts/openapi-types.ts
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const tool = `${root}tools/openapi-client/`;
const installed = `${tool}node_modules/.package-lock.json`;
const run = (cmd: string, args: string[], cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(`${tool}package-lock.json`).mtimeMs) {
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], tool);
}
run(process.execPath, [`${root}scripts/openapi.ts`, `${root}.tmp/openapi.json`]);
run(process.execPath, [
  `${tool}node_modules/openapi-typescript/bin/cli.js`,
  `${root}.tmp/openapi.json`,
  "--output",
  `${tool}generated/maillage-api.d.ts`,
  "--silent",
]);
