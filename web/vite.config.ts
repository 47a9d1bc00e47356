import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { securityHeaders } from "../shared/security-headers.ts";

const require = createRequire(import.meta.url);
const outDir = path.join(import.meta.dirname, "dist");

/**
 * Static assets are served without running the Worker, so the Worker's security headers are
 * written to Cloudflare's `_headers` file from the same list; the offline API reference gets
 * swagger-ui's files from node_modules (no CDN).
 */
const staticExtras = (): Plugin => ({
  name: "maillage-static-extras",
  apply: "build",
  closeBundle() {
    const lines = Object.entries(securityHeaders).map(([name, value]) => `  ${name}: ${value}`);
    writeFileSync(path.join(outDir, "_headers"), `/*\n${lines.join("\n")}\n`);
    const swagger = path.dirname(require.resolve("swagger-ui-dist/package.json"));
    mkdirSync(path.join(outDir, "api-docs"), { recursive: true });
    for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
      copyFileSync(path.join(swagger, file), path.join(outDir, "api-docs", file));
    }
  },
});

export default defineConfig({
  root: import.meta.dirname,
  publicDir: "public",
  plugins: [react(), staticExtras()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
