// Starts the real app for the browser tests: migrated and seeded local D1 in a temp folder,
// `wrangler dev` on a free port, the built UI (npm run build runs first: see test:e2e).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { root, runNode, startWranglerDev, wrangler } from "../scripts/wrangler-dev.ts";
import { startCompanyRegisterMock } from "../test/company-register-mock.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    logFile: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, "web", "dist", "index.html")))
    throw new Error("Run `npm run build` first.");
  if (!existsSync(path.join(root, ".dev.vars"))) runNode([path.join(root, "scripts", "dev-vars.ts")]);
  const persist = mkdtempSync(path.join(tmpdir(), "maillage-e2e-"));
  runNode([wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
  runNode([path.join(root, "scripts", "seed.ts"), "--persist-to", persist]);

  // The company register: a local mock with fixed answers (no network in tests).
  const register = await startCompanyRegisterMock();
  project.provide("companyRegisterUrl", register.url);

  let dev: Awaited<ReturnType<typeof startWranglerDev>>;
  try {
    dev = await startWranglerDev(persist, { args: ["--var", `COMPANY_REGISTER_URL:${register.url}`] });
  } catch (error) {
    await register.stop();
    console.error(`e2e: the temporary database is kept in ${persist}`);
    throw error;
  }
  project.provide("baseURL", dev.baseURL);
  project.provide("logFile", dev.logFile);
  return async () => {
    await dev.stop();
    await register.stop();
    if (!process.env.E2E_KEEP) rmSync(persist, { recursive: true, force: true });
  };
}
