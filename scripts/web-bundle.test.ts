import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// web/vite.config.ts leaves react-dsfr's colour tables (`fr.colors`) out of the build: nothing of
// ours may read them (useColors reads them too).
describe("the UI bundle", () => {
  it("never reads fr.colors, which the build leaves out", () => {
    const root = path.join(import.meta.dirname, "..", "web", "src");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
      (f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"),
    );
    expect(files.length).toBeGreaterThan(30);
    const readers = files.filter((f) =>
      /fr\.colors|useColors|fr\/colors/.test(readFileSync(path.join(root, f), "utf8")),
    );
    expect(readers).toEqual([]);
  });
});
