import { defineConfig } from "vitest/config";

// Unit tests of the UI's pure helpers (no browser). Referenced from the root vitest.config.ts projects.
export default defineConfig({
  test: { name: "web", root: import.meta.dirname, environment: "node", include: ["src/**/*.test.ts"] },
});
