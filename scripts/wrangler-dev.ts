// Runs the app under `wrangler dev` on 127.0.0.1 for the browser tests and the benchmark: a free
// port, a log file, a wait on /api/v1/health, and a stop that kills the whole process group.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const wrangler = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
/** Offline: no metrics, no fetch of Cloudflare's `Request.cf` data. */
export const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "1",
};

/** Runs a Node script (wrangler, seed…) with this same Node: 22 under npm scripts, as wrangler needs. */
export function runNode(args: string[]) {
  execFileSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
}

export function freePort(): Promise<number> {
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

/**
 * wrangler dev runs in its own process group (so that `stop()` ends workerd with it), out of reach
 * of the terminal's Ctrl-C: the group is ended when this process exits or is interrupted. Returns
 * what undoes it, for a normal stop.
 */
export function endGroupOnExit(pid: number): () => void {
  const end = () => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    end();
    // A listener keeps Node from ending on the signal: alone, raise it again without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once("exit", end);
  for (const signal of signals) process.once(signal, onSignal);
  return () => {
    process.off("exit", end);
    for (const signal of signals) process.off(signal, onSignal);
  };
}

export type WranglerDev = { baseURL: string; logFile: string; child: ChildProcess; stop(): Promise<void> };

/**
 * Starts `wrangler dev --local` on the D1 state in `persist` and waits until it answers. `args` go
 * before the options (e.g. a prebuilt script and --no-bundle); on failure it is stopped first.
 */
export async function startWranglerDev(
  persist: string,
  options: { args?: string[]; timeoutMs?: number } = {},
): Promise<WranglerDev> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const logFile = path.join(persist, "wrangler.log");
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      wrangler,
      "dev",
      ...(options.args ?? []),
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
      // Sign-in links and redirects must point at this server, not at .dev.vars' localhost:8787.
      "--var",
      `AUTH_URL:http://127.0.0.1:${port}`,
    ],
    { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const forget = child.pid === undefined ? () => {} : endGroupOnExit(child.pid);
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
    forget();
    log.end();
  };

  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited (${child.exitCode}); see ${logFile}`);
    }
    try {
      const res = await fetch(`${baseURL}/api/v1/health`);
      if (res.ok) return { baseURL, logFile, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer /api/v1/health within ${timeoutMs / 1000} s; see ${logFile}`);
}
