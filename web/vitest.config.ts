import { defineConfig } from "vitest/config";

// Unit tests of the UI's pure helpers (no browser). Referenced from the root vitest.config.ts projects.
// Pure functions with no module state or globals touched: files can share one worker (isolate: false).
// Not the workerd project: its per-file fresh D1 relies on one isolated runner per file.
export default defineConfig({
  test: {
    name: "web",
    root: import.meta.dirname,
    environment: "node",
    include: ["src/**/*.test.ts"],
    isolate: false,
  },
});
