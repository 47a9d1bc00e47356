// Writes .dev.vars (local secrets for wrangler dev and the workerd tests) when it is missing.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

const file = new URL("../.dev.vars", import.meta.url);
if (!existsSync(file)) {
  writeFileSync(file, `ENVIRONMENT=development\nAUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("wrote .dev.vars");
}
