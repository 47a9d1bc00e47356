import { describe, expect, it } from "vitest";
import { dynamicPrefixes, dynamicSuffixes, trimDsfrCss, withDependencies } from "./dsfr-css.ts";

// The whole-page comparison is e2e/dsfr-css.test.ts; these are the rules of the subset, one by one.

const css = [
  ":root{--blue:#000091;--text-action:var(--blue);--unused:#fff;--setByScript:0}",
  ":root[data-fr-theme=dark]{--blue:#8585f6}",
  "[data-fr-theme=dark] .fr-logo::after{filter:invert(1)}",
  ":root[data-fr-scrolling] body{overflow:hidden}",
  ".fr-btn{color:var(--text-action)}",
  ".fr-card{display:flex}",
  ".fr-badge--success{color:green}",
  ".fr-checkbox-group--sm{margin:0}",
  ".fr-input-group--sm{margin:1px}",
  ".fr-collapse--expanded{max-height:none}",
  ".fr-segmented--vertical{flex-direction:column}",
  ".app-stat{background:var(--background-alt)}",
].join("");

// Built code as minified: react-dsfr's Badge.
const badgeCode = `className:\`fr-badge--\${e}\``;

async function trimmed(content: string[], behaviour = "") {
  return trimDsfrCss({ css, content, behaviour });
}

describe("the DSFR subset", () => {
  it("keeps the classes the code names and drops the others", async () => {
    const out = await trimmed(['jsx("a",{className:"fr-btn"})']);
    expect(out).toContain(".fr-btn{");
    expect(out).not.toContain(".fr-card");
  });

  it("keeps every class built from a literal prefix", async () => {
    expect(dynamicPrefixes([badgeCode, 'n="fr-alert--"+t', "fr-btn"])).toEqual(["fr-alert--", "fr-badge--"]);
    expect(await trimmed([badgeCode])).toContain(".fr-badge--success");
  });

  it("keeps the classes built around a variable, by the literal after it", async () => {
    const fieldset = `className:\`fr-\${y}-group--sm\``;
    expect(dynamicSuffixes([fieldset])).toEqual(["-group--sm"]);
    const out = await trimmed([fieldset]);
    expect(out).toContain(".fr-checkbox-group--sm");
    expect(out).toContain(".fr-input-group--sm");
  });

  it("keeps what the DSFR script names without its prefix, and the states it adds", async () => {
    const behaviour = "ns.selector(`segmented--vertical`);attr(`scrolling`);{EXPAND:{id:`expanded`}}";
    const out = await trimmed(["document.body"], behaviour);
    expect(out).toContain(".fr-segmented--vertical");
    expect(out).toContain("[data-fr-scrolling]");
    expect(out).toContain(".fr-collapse--expanded");
  });

  it("drops the dark theme: the scheme is fixed to light", async () => {
    const out = await trimmed(['<html data-fr-scheme="light">', "setAttribute(`data-fr-theme`,`dark`)"]);
    expect(out).not.toContain("dark");
    expect(out).not.toContain("#8585f6");
  });

  it("keeps the custom properties our own code reads, with what they read", async () => {
    expect(withDependencies(css, ["--text-action"])).toEqual(["--blue", "--text-action"]);
    // Our stylesheet reads --text-action; no kept DSFR rule does.
    const out = await trimmed([
      ".app-link{color:var(--text-action)}",
      "el.style.setProperty(`--setByScript`,1)",
    ]);
    expect(out).toContain("--text-action:var(--blue)");
    expect(out).toContain("--blue:#000091");
    expect(out).toContain("--setByScript:0");
    expect(out).not.toContain("--unused");
  });
});
