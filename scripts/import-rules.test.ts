// The import rules of .dependency-cruiser.cjs, proven: each rule fires on a planted reverse
// import in a scratch tree, and the real tree is read (a rule set that parses nothing passes).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const bin = join(root, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");
const config = join(root, ".dependency-cruiser.cjs");

type Result = {
  summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string }[] };
};

function cruise(cwd: string, roots: string[]): Result {
  const run = spawnSync(process.execPath, [bin, "--config", config, "--output-type", "json", ...roots], {
    cwd,
    encoding: "utf8",
  });
  if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
  return JSON.parse(run.stdout) as Result;
}

const scratch = mkdtempSync(join(tmpdir(), "import-rules-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function plant(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
}

// Each test starts a dependency-cruiser process: seconds on a loaded machine.
describe("import rules (.dependency-cruiser.cjs)", { timeout: 60_000 }, () => {
  it("catches every planted reverse import, and only those", () => {
    plant({
      "tsconfig.json": "{}",
      "functions/app.ts": 'import { guard } from "./platform/access";\nexport const app = guard;\n',
      "functions/platform/errors.ts": "export class AppError extends Error {}\n",
      // platform reaching into a capability
      "functions/platform/access.ts":
        'import { departments } from "../departments/schema";\nexport const guard = departments;\n',
      "functions/departments/schema.ts": "export const departments = 1;\n",
      // reports → indicators → reports, through different files (no file-level cycle)
      "functions/reports/service.ts":
        'import { rules } from "../indicators/rules";\nexport const service = rules;\n',
      "functions/indicators/rules.ts":
        'import { units } from "../reports/units";\nexport const rules = units;\n',
      "functions/reports/units.ts": "export const units = 1;\n",
      // the Worker importing seed data
      "functions/indicators/seed.ts":
        'import { data } from "../../scripts/catalogue/data";\nexport const seed = data;\n',
      "scripts/catalogue/data.ts": "export const data = [];\n",
      // shared/ importing the Worker
      "shared/periods.ts":
        'import { AppError } from "../functions/platform/errors";\nexport const periods = AppError;\n',
      // web/: a value import of the Worker is refused, a type import is allowed
      "web/src/page.tsx":
        'import { app } from "../../functions/app";\nexport const Page = () => <p>{String(app)}</p>;\n',
      "web/src/types.ts": 'import type { app } from "../../functions/app";\nexport type App = typeof app;\n',
    });
    const result = cruise(scratch, ["functions", "shared", "web", "scripts"]);
    expect(result.summary.totalCruised).toBe(12);
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      "no-cycle-between-folders: functions/indicators → functions/reports",
      "no-cycle-between-folders: functions/reports → functions/indicators",
      "platform-imports-no-capability: functions/platform/access.ts → functions/departments/schema.ts",
      "shared-stays-shared: shared/periods.ts → functions/platform/errors.ts",
      "web-uses-the-api-not-the-worker: web/src/page.tsx → functions/app.ts",
      "worker-imports-no-script: functions/indicators/seed.ts → scripts/catalogue/data.ts",
    ]);
  });

  it("reads the real tree (TypeScript and TSX) and finds it clean", () => {
    const result = cruise(root, ["functions", "shared", "web/src", "scripts"]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(result.summary.violations).toEqual([]);
  });
});
