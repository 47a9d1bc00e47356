// Writes .dev.vars (local secrets for wrangler dev and the workerd tests) when it is missing, and
// adds the settings that came later to an existing one.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const file = new URL("../.dev.vars", import.meta.url);
if (!existsSync(file)) {
  writeFileSync(file, `ENVIRONMENT=development\nAUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("wrote .dev.vars");
}
const current = readFileSync(file, "utf8");
if (!/^AUTH_URL=/m.test(current)) {
  // Sign-in links point here in development (wrangler.toml has the production origin).
  appendFileSync(
    file,
    `${current.endsWith("\n") || current === "" ? "" : "\n"}AUTH_URL=http://localhost:8787\n`,
  );
  console.log("added AUTH_URL to .dev.vars");
}
if (!/^COMPANY_REGISTER_URL=/m.test(readFileSync(file, "utf8"))) {
  // The real register by default; point it at a local mock to work offline (the tests use their own).
  appendFileSync(file, "COMPANY_REGISTER_URL=https://recherche-entreprises.api.gouv.fr\n");
  console.log("added COMPANY_REGISTER_URL to .dev.vars");
}
