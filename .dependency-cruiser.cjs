/**
 * Import rules between folders, checked by `npm run lint` (dependency-cruiser).
 *
 * Layers: shared/ (pure, Worker + UI) ← functions/platform/ (one of each: errors, access, db…)
 * ← functions/<capability>/ ← functions/app.ts, index.ts (composition) ← scripts/, test/.
 * Capabilities may use one another in one direction only (no cycle between folders). web/ talks to
 * the API over HTTP and shares only shared/. Tests may import any folder (factories), so they are
 * not cruised.
 *
 * TypeScript 7 ships no JS compiler API: modules are parsed with @swc/core (parser "swc";
 * with 17.4.3 swc parsed every file without JSX and aborted on web/*.tsx; 18.7.2 handles it). A
 * rule set that reads nothing passes, so scripts/import-rules.test.ts plants reverse
 * imports and expects each rule to fire, and the lint prints the number of modules cruised.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "platform-imports-no-capability",
      comment:
        "functions/platform/ is what every capability stands on: it must not know any of them. Inject what it needs from app.ts instead (see tenancy() in platform/access.ts).",
      severity: "error",
      from: { path: "^functions/platform/" },
      to: { path: "^functions/(?!platform/)[^/]+/" },
    },
    {
      name: "no-cycle-between-folders",
      comment:
        "Two capabilities must not import each other, even through a third one: move what both need to platform/ or shared/, or invert the dependency (a registry filled by app.ts).",
      severity: "error",
      scope: "folder",
      from: { path: "^functions/" },
      to: { circular: true },
    },
    {
      name: "worker-imports-no-script",
      comment:
        "The Worker never runs seeds or generators: functions/ must not import scripts/ (catalogue data included).",
      severity: "error",
      from: { path: "^functions/" },
      to: { path: "^scripts/" },
    },
    {
      name: "shared-stays-shared",
      comment: "shared/ runs in the Worker and in the browser: it imports neither functions/ nor web/.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^(functions|web)/" },
    },
    {
      name: "web-uses-the-api-not-the-worker",
      comment:
        "web/ reaches the Worker over HTTP; types of the contract come from shared/ (or `import type` of the app's AppType).",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^functions/", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: {
      path: ["(^|/)node_modules/", "[.]test[.]tsx?$", "^(test|e2e)/"],
    },
    parser: "swc",
    // swc keeps `import type` edges by itself (same graph either way); `true` would only add a
    // warning that the typescript compiler (< 7) is missing.
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".js", ".d.ts"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
