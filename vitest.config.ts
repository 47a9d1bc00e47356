import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ENVIRONMENT: "development",
                  // The origin the tests call (test/factories.ts, auth/test-browser.ts).
                  AUTH_URL: "https://maillage.test",
                  AUTH_SECRET: "test-secret-not-for-production-0123456789",
                  // Nothing listens there: a test must point it at the mock (test/company-register-mock.ts).
                  COMPANY_REGISTER_URL: "http://127.0.0.1:9",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["functions/**/*.test.ts", "shared/**/*.test.ts", "scripts/catalogue/**/*.test.ts"],
            setupFiles: ["./test/apply-migrations.ts"],
            globalSetup: ["./test/oidc-mock.ts", "./test/company-register-mock.ts"],
            // A guard, not a speed check (those are in `npm run bench`): a workbook of 12,000 rows or a
            // PDF of 166 indicators takes 0.5 s here and over 5 s (vitest's default) on a loaded CI machine.
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        "web/vitest.config.ts",
        {
          // Tests of the tooling (import rules), in plain Node.
          test: { name: "node", environment: "node", include: ["scripts/*.test.ts"] },
        },
        {
          test: {
            name: "e2e",
            environment: "node",
            include: ["e2e/**/*.test.ts"],
            globalSetup: ["./e2e/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
            // A state reached in well under a second on a quiet machine can take seconds on a loaded one.
            expect: { poll: { timeout: 15_000 } },
          },
        },
      ],
    },
  };
});
