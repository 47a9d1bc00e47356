// The biome GritQL plugins of biome.json, proven: each fires on a planted file in a scratch tree
// (a pattern that matches nothing passes every lint), and only where it should.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const bin = join(root, "node_modules/@biomejs/biome/bin/biome");
const sameTenant = "./tools/biome/same-tenant.grit";

const scratch = mkdtempSync(join(tmpdir(), "lint-plugins-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Report = { diagnostics: { category: string; message: string; location: { start: { line: number } } }[] };

/** Lints `source` with only the plugin on (no other rule, no formatter): the plugin's findings. */
function lint(plugin: string, source: string): Report["diagnostics"] {
  writeFileSync(
    join(scratch, "biome.json"),
    JSON.stringify({
      plugins: [join(root, plugin)],
      linter: { rules: { preset: "none" } },
      formatter: { enabled: false },
      assist: { enabled: false },
    }),
  );
  writeFileSync(join(scratch, "planted.ts"), source);
  const run = spawnSync(process.execPath, [bin, "lint", "--reporter=json", "planted.ts"], {
    cwd: scratch,
    encoding: "utf8",
  });
  const json = run.stdout.split("\n").find((line) => line.startsWith("{"));
  if (!json) throw new Error(`biome printed no report: ${run.stdout}${run.stderr}`);
  return (JSON.parse(json) as Report).diagnostics.filter((d) => d.category === "plugin");
}

describe("biome plugins", { timeout: 60_000 }, () => {
  it("are enabled by the project's biome.json", () => {
    const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as { plugins?: string[] };
    expect(config.plugins).toContain(sameTenant);
  });

  it("same-tenant: flags a same-département join condition written by hand, not a comparison with a value", () => {
    const found = lint(
      sameTenant,
      [
        'import { and, eq } from "drizzle-orm";',
        "export const inner = (q: Q, t: T, a: A, b: B) =>",
        "  q.innerJoin(t, and(eq(a.departmentCode, b.departmentCode), eq(a.id, b.id)));",
        "export const left = (q: Q, t: T, a: A, b: B) => q.leftJoin(t, eq(b.departmentCode, a.departmentCode));",
        "export const value = (q: Q, a: A, scope: S) => q.where(eq(a.departmentCode, scope.departmentCode));",
        "export const helper = (q: Q, t: T, a: A, b: B) => q.innerJoin(t, and(sameTenant(a, b), eq(a.id, b.id)));",
      ].join("\n"),
    );
    expect(found.map((d) => d.location.start.line)).toEqual([3, 4]);
    expect(found[0]?.message).toContain("sameTenant(a, b)");
  });
});
