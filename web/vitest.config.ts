import { defineConfig } from "vitest/config";
import { preactAliases } from "./vite.config.ts";

// Unit tests of the UI's pure helpers (no browser). Referenced from the root vitest.config.ts projects.
// Pure functions with no module state or globals touched: files can share one worker (isolate: false).
// Not the workerd project: its per-file fresh D1 relies on one isolated runner per file.
// `react` is Preact here as in the build (web/vite.config.ts), so what renders in tests is what ships.
export default defineConfig({
  resolve: { alias: preactAliases },
  test: {
    name: "web",
    root: import.meta.dirname,
    environment: "node",
    include: ["src/**/*.test.ts"],
    isolate: false,
  },
});
