// `npm test`: every check, in order, and every one of them runs even when an earlier one failed
// (a unit failure must not hide what the browser tests would say). The browser tests need the
// build, so they are skipped only when the build failed. Exits non-zero when anything failed.
import { spawnSync } from "node:child_process";

const steps: { name: string; command: string[]; needs?: string }[] = [
  { name: "typecheck", command: ["npm", "run", "-s", "typecheck"] },
  { name: "lint", command: ["npm", "run", "-s", "lint"] },
  { name: "build", command: ["npm", "run", "-s", "build"] },
  { name: "unit", command: ["npm", "run", "-s", "test:unit"] },
  { name: "e2e", command: ["npx", "vitest", "run", "--project", "e2e"], needs: "build" },
];

const outcome = new Map<string, "ok" | "failed" | "skipped">();
for (const step of steps) {
  if (step.needs && outcome.get(step.needs) !== "ok") {
    outcome.set(step.name, "skipped");
    continue;
  }
  console.log(`\n> npm test: ${step.name}`);
  const [command = "npm", ...args] = step.command;
  const run = spawnSync(command, args, { stdio: "inherit" });
  outcome.set(step.name, run.status === 0 ? "ok" : "failed");
}

const failed = [...outcome].filter(([, o]) => o !== "ok").map(([name, o]) => `${name} ${o}`);
console.log(`\nnpm test: ${failed.length === 0 ? "all steps passed" : failed.join(", ")}`);
process.exit(failed.length === 0 ? 0 : 1);
