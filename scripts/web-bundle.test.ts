import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DSFR_JS_LEFT_OUT, preactAliases } from "../web/vite.config.ts";

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

/** The packages and files a module loads at run time, following static imports (not `import()`, not `import type`). */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(
      /^\s*(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?["']([^"']+)["']/gm,
    )) {
      if (!specifier) continue;
      if (!specifier.startsWith(".")) {
        packages.add(
          specifier.startsWith("@")
            ? specifier.split("/").slice(0, 2).join("/")
            : (specifier.split("/")[0] as string),
        );
        continue;
      }
      const base = path.resolve(path.dirname(file), specifier);
      const resolved = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find(
        (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
      );
      if (!resolved) throw new Error(`${file}: cannot resolve ${specifier}`);
      if (/\.tsx?$/.test(resolved)) visit(resolved);
    }
  };
  visit(entry);
  return { files, packages };
}

// zod (~90 KB minified) is for the API's schemas: the first load and the benchmarked pages
// (npm run bench:web) must not pull it in through a shared/ module (shared/period-calendar.ts is
// the zod-free half of shared/periods.ts).
describe("what the first pages load", () => {
  const web = path.join(import.meta.dirname, "..", "web", "src");
  it.each(["main.tsx", "auth/SignInPage.tsx", "departments/DepartmentPage.tsx", "reports/ReportPage.tsx"])(
    "%s loads no zod",
    (file) => {
      const { files, packages } = staticClosure(path.join(web, file));
      expect(files.size).toBeGreaterThan(1);
      expect(packages).not.toContain("zod");
    },
  );

  it("sees zod where it is imported", () => {
    const { packages } = staticClosure(path.join(import.meta.dirname, "..", "shared", "periods.ts"));
    expect(packages).toContain("zod");
  });
});

// web/vite.config.ts loads the DSFR's behaviour for the components we render only: any use of one
// left out would look right and do nothing (a tooltip never opening), so none may appear in web/src.
describe("the DSFR behaviour left out of the build", () => {
  const usedBy: Record<string, RegExp> = {
    card: /fr-card--download|react-dsfr\/Card["/]/,
    display: /fr-display|react-dsfr\/Display/,
    password: /fr-password|PasswordInput/,
    range: /fr-range|react-dsfr\/Range/,
    tile: /fr-tile--download|react-dsfr\/Tile["/]/,
    tooltip: /fr-tooltip|react-dsfr\/Tooltip/,
    transcription: /fr-transcription|react-dsfr\/Transcription/,
  };
  it("is known, component by component", () => {
    expect(Object.keys(usedBy).sort()).toEqual([...DSFR_JS_LEFT_OUT].sort());
  });
  it.each(Object.entries(usedBy))("%s is used nowhere in web/src", (_name, pattern) => {
    const root = path.join(import.meta.dirname, "..", "web", "src");
    const users = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"))
      .filter((f) => pattern.test(readFileSync(path.join(root, f), "utf8")));
    expect(users).toEqual([]);
  });
});

// The UI renders with Preact (web/vite.config.ts): every way into React's renderer must lead to
// preact/compat, or react-dom (207 KB minified) comes back into the first load. The build itself
// is checked by e2e/first-load.test.ts.
describe("the renderer", () => {
  const target = (specifier: string) =>
    preactAliases.find(({ find }) => find.test(specifier))?.replacement ?? specifier;

  it.each([
    "react",
    "react/jsx-runtime",
    "react/jsx-dev-runtime",
    "react-dom",
    "react-dom/client",
    "react-dom/server",
  ])("%s is Preact", (specifier) => {
    expect(target(specifier)).toMatch(/^preact\/compat|web\/src\/compat\/react\.js$/);
  });

  it("leaves packages whose names only start with react alone", () => {
    expect(target("react-router")).toBe("react-router");
    expect(target("@codegouvfr/react-dsfr/Button")).toBe("@codegouvfr/react-dsfr/Button");
  });

  it("is what web/src imports: nothing reaches into react-dom's files", () => {
    const root = path.join(import.meta.dirname, "..", "web", "src");
    const deep = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) =>
        /from\s+["']react(-dom)?\/(?!client["']|server["']|jsx-)/.test(
          readFileSync(path.join(root, f), "utf8"),
        ),
      );
    expect(deep).toEqual([]);
  });
});
