// Starts the real app for the browser tests: migrated and seeded local D1 in a temp folder,
// `wrangler dev` on a free port, the built UI (npm run build runs first: see test:e2e).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    logFile: string;
  }
}

const root = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "1" };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Runs a Node script with the Node that runs vitest (22 under npm scripts; wrangler needs it). */
function run(args: string[]) {
  execFileSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer /api/v1/health within 60 s; see ${logFile}`);
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, "web", "dist", "index.html")))
    throw new Error("Run `npm run build` first.");
  if (!existsSync(path.join(root, ".dev.vars"))) run([path.join(root, "scripts", "dev-vars.ts")]);
  const persist = mkdtempSync(path.join(tmpdir(), "maillage-e2e-"));
  run([wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
  run([path.join(root, "scripts", "seed.ts"), "--persist-to", persist]);

  const [port, inspectorPort] = [await freePort(), await freePort()];
  const logFile = path.join(persist, "wrangler.log");
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      wrangler,
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persist,
      "--inspector-port",
      String(inspectorPort),
      "--show-interactive-dev-session=false",
    ],
    { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseURL = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    log.end();
    if (!process.env.E2E_KEEP) rmSync(persist, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseURL, child, logFile);
  } catch (error) {
    process.env.E2E_KEEP = "1";
    await stop();
    throw error;
  }
  project.provide("baseURL", baseURL);
  project.provide("logFile", logFile);
  return stop;
}
