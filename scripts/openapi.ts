// Writes the API's OpenAPI 3.1 document (what /api/v1/openapi.json serves) to a file, for tools
// that read it offline: `redocly lint` in `npm run lint`, openapi-typescript in tools/openapi-client.
//   node scripts/openapi.ts <output.json>
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runnerImport } from "vite";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/openapi.ts <output.json>");
  process.exit(2);
}
// The app is Worker code (extensionless imports, checked by the Worker's tsconfig): load it through
// Vite's module runner, typed here only as far as this script uses it.
type AppModule = {
  OPENAPI_DOCUMENT: unknown;
  createApp(): { app: { getOpenAPI31Document(config: unknown): unknown } };
};
const { module } = await runnerImport<AppModule>("./functions/app.ts", {
  configFile: false,
  logLevel: "error",
});
const document = module.createApp().app.getOpenAPI31Document(module.OPENAPI_DOCUMENT);
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
