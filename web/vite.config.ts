import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { trimDsfrCss } from "../scripts/dsfr-css.ts";
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

/**
 * react-dsfr's `fr` object carries the DSFR's whole colour tables (`fr.colors`, ~10 KB gzipped) into
 * every page, for MUI theming and charts we do not use. Its one reader among what we load is the
 * start-up code that sets `<meta name="theme-color">` to the default grey background: that value
 * is kept (light and dark); anything else reading `fr.colors` fails loudly (scripts/web-bundle.test.ts
 * checks that nothing of ours does).
 */
const dsfrWithoutColourTables = (): Plugin => ({
  name: "maillage-dsfr-without-colour-tables",
  enforce: "pre",
  resolveId(source, importer) {
    if (source === "./colors" && importer?.replaceAll("\\", "/").includes("@codegouvfr/react-dsfr/fr/index"))
      return "\0maillage-dsfr-colors";
    return null;
  },
  load(id) {
    if (id !== "\0maillage-dsfr-colors") return null;
    return `const getHex = ({ isDark }) => ({
  decisions: { background: { default: { grey: { default: isDark ? "#161616" : "#ffffff" } } } },
});
export const colors = new Proxy({ getHex }, {
  get(target, key) {
    if (key in target) return target[key];
    throw new Error("fr.colors." + String(key) + " is left out of the build (web/vite.config.ts)");
  },
});`;
  },
});

/**
 * The DSFR's behaviour script, without the components we never render. react-dsfr loads the whole
 * `dsfr.module.js` (core + every component, 111 KB minified); each component it registers is looked
 * for in every node React adds (its MutationObserver), 62 rows on the entry page. The DSFR ships one
 * module per component, each reading `window.dsfr` that core sets up: core first, then the ones we
 * use. scripts/web-bundle.test.ts checks that web/src uses none of the ones left out.
 */
export const DSFR_JS_LEFT_OUT = ["card", "display", "password", "range", "tile", "tooltip", "transcription"];
const DSFR_JS_KEPT = [
  "accordion",
  "breadcrumb",
  "button",
  "checkbox",
  "header",
  "modal",
  "navigation",
  "segmented",
  "sidemenu",
  "tab",
  "table",
  "tag",
  "toggle",
];
const dsfrBehaviourSubset = (): Plugin => ({
  name: "maillage-dsfr-behaviour-subset",
  enforce: "pre",
  resolveId(source, importer) {
    if (
      source === "./dsfr/dsfr.module" &&
      importer?.replaceAll("\\", "/").includes("@codegouvfr/react-dsfr/start")
    )
      return "\0maillage/dsfr.module.js";
    return null;
  },
  load(id) {
    if (id !== "\0maillage/dsfr.module.js") return null;
    const dsfr = path.join(path.dirname(require.resolve("@codegouvfr/react-dsfr/package.json")), "dsfr");
    const modules = [
      path.join(dsfr, "core", "core.module.js"),
      ...DSFR_JS_KEPT.map((name) => path.join(dsfr, "component", name, `${name}.module.js`)),
    ];
    return modules.map((file) => `import ${JSON.stringify(file.replaceAll("\\", "/"))};`).join("\n");
  },
});

/**
 * Preact in place of React: react-dom alone was 207 KB of the 248 KB entry chunk, and evaluating it
 * plus the first render one task of ~770 ms under Lighthouse's CPU × 4. The app, react-router and
 * react-dsfr keep importing `react`; these aliases hand them preact/compat (exact names only, so
 * `react-dsfr` or `react-router` are not caught). Also used by the `web` vitest project, so its
 * tests render with what ships; scripts/web-bundle.test.ts fails if react-dom comes back.
 */
export const preactAliases = [
  { find: /^react$/, replacement: path.join(import.meta.dirname, "src", "compat", "react.js") },
  { find: /^react\/jsx-runtime$/, replacement: "preact/compat/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/compat/jsx-dev-runtime" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react-dom\/server$/, replacement: "preact/compat/server" },
];

/**
 * Only the DSFR styles the app can use (scripts/dsfr-css.ts): index.html links the whole
 * `/dsfr/dsfr.min.css` (600 KB, render-blocking; what `vite dev` serves); the build links
 * `/dsfr/dsfr.app-<hash>.min.css` instead, beside it so its `url(fonts/…)` still resolve, read from
 * the chunks as built. The whole file stays for the API reference (web/public/api-docs/index.html).
 * e2e/dsfr-css.test.ts compares every element's computed style with both.
 */
const dsfrStylesheetSubset = (): Plugin => ({
  name: "maillage-dsfr-stylesheet-subset",
  apply: "build",
  generateBundle: {
    order: "post",
    async handler(_options, bundle) {
      const html = bundle["index.html"];
      if (html?.type !== "asset") throw new Error("index.html is not in the bundle");
      const content: string[] = [];
      let behaviour = "";
      for (const file of Object.values(bundle)) {
        if (file.type === "chunk") {
          content.push(file.code);
          if (file.moduleIds.includes("\0maillage/dsfr.module.js")) behaviour = file.code;
        } else if (/\.(css|html)$/.test(file.fileName)) content.push(String(file.source));
      }
      if (!behaviour) throw new Error("the DSFR behaviour chunk is not in the bundle");
      const dsfr = path.join(path.dirname(require.resolve("@codegouvfr/react-dsfr/package.json")), "dsfr");
      const css = await trimDsfrCss({
        css: readFileSync(path.join(dsfr, "dsfr.min.css"), "utf8"),
        content,
        behaviour,
      });
      const hash = createHash("sha256").update(css).digest("hex").slice(0, 8);
      const fileName = `dsfr/dsfr.app-${hash}.min.css`;
      this.emitFile({ type: "asset", fileName, source: css });
      const link = /href="\/dsfr\/dsfr\.min\.css[^"]*"/;
      if (!link.test(String(html.source))) throw new Error("index.html does not link /dsfr/dsfr.min.css");
      html.source = String(html.source).replace(link, `href="/${fileName}"`);
    },
  },
});

export default defineConfig({
  root: import.meta.dirname,
  publicDir: "public",
  resolve: { alias: preactAliases },
  plugins: [
    dsfrWithoutColourTables(),
    dsfrBehaviourSubset(),
    react(),
    staticExtras(),
    dsfrStylesheetSubset(),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
