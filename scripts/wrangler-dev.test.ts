import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const module = path.join(import.meta.dirname, "wrangler-dev.ts");

/**
 * A Node process standing for the test runner: it starts a detached process group (as wrangler
 * dev is started), hands it to endGroupOnExit, prints the group's pid, then does `then`.
 */
function runner(then: string): { child: ChildProcess; pid: Promise<number> } {
  const script = `
    import { spawn } from "node:child_process";
    import { endGroupOnExit } from ${JSON.stringify(module)};
    const group = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    endGroupOnExit(group.pid);
    console.log(group.pid);
    ${then}`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pid = new Promise<number>((resolve) => child.stdout?.once("data", (d) => resolve(Number(String(d)))));
  return { child, pid };
}

/** Gone, or dead and waiting to be reaped. */
const ended = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? true;
  } catch {
    return true;
  }
};

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

describe("wrangler dev's process group", () => {
  it("ends when the runner exits", async () => {
    const { child, pid } = runner("setTimeout(() => process.exit(3), 100);");
    const group = await pid;
    expect(ended(group)).toBe(false);
    expect(await exitOf(child)).toEqual({ code: 3, signal: null });
    await expect.poll(() => ended(group)).toBe(true);
  });

  it("ends on Ctrl-C, and the runner still ends on it", async () => {
    const { child, pid } = runner("setInterval(() => {}, 1000);");
    const group = await pid;
    const exit = exitOf(child);
    child.kill("SIGINT");
    expect(await exit).toEqual({ code: null, signal: "SIGINT" });
    await expect.poll(() => ended(group)).toBe(true);
  });
});
