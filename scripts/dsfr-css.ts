// The DSFR stylesheet reduced to the rules the built app can use (web/vite.config.ts, `dsfrStylesheetSubset`).
// dsfr.min.css is 600 KB: every component, both colour schemes, every utility. Each page parses all of
// it before its first paint, and matches every selector against every element it renders. PurgeCSS
// keeps a rule when the words of its selector appear in what the build ships: the JS chunks (our
// pages, the react-dsfr components they import, the DSFR behaviour script) and index.html.
import { PurgeCSS } from "purgecss";

/** What PurgeCSS cannot see in the shipped code, and why. */
export interface DsfrCssInput {
  /** The full dsfr.min.css. */
  css: string;
  /** The text of every file the build ships that can name a class: JS chunks, index.html. */
  content: string[];
  /** The DSFR behaviour script as built (core and the components we keep), which names classes without their `fr-` prefix. */
  behaviour: string;
}

const WORD = /[A-Za-z0-9_-]+/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

/**
 * Class names built at run time from a literal prefix: react-dsfr writes `fr-badge--${severity}`,
 * `fr-btn--${priority}`, … The built code keeps the prefix as a word ending with "-" (`"fr-badge--"+e`
 * or a template literal): every class starting with one of those is kept.
 */
export function dynamicPrefixes(content: string[]): string[] {
  const prefixes = new Set<string>();
  for (const text of content) {
    for (const match of text.matchAll(/\bfr-[A-Za-z0-9_-]*?-(?![A-Za-z0-9_-])/g)) prefixes.add(match[0]);
  }
  return [...prefixes].sort();
}

/**
 * Class names built around a variable: react-dsfr's Fieldset writes `fr-${type}-group--sm` (type
 * "checkbox" or "radio"): every `fr-<word>` class ending with the literal that follows is kept.
 */
export function dynamicSuffixes(content: string[]): string[] {
  const suffixes = new Set<string>();
  for (const text of content) {
    for (const match of text.matchAll(/`fr-\$\{[^}`]*\}(-[A-Za-z0-9_-]+)`/g))
      if (match[1]) suffixes.add(match[1]);
  }
  return [...suffixes].sort();
}

/**
 * PurgeCSS keeps the declaration of a custom property it is told to keep, not the ones it reads:
 * `--background-alt-blue-france: var(--blue-france-975-75)` needs the latter too.
 */
export function withDependencies(css: string, variables: string[]): string[] {
  const reads = new Map<string, Set<string>>();
  for (const [, name, value] of css.matchAll(/(--[A-Za-z0-9_-]+)\s*:([^;}]*)/g)) {
    if (!name || value === undefined) continue;
    const set = reads.get(name) ?? new Set<string>();
    for (const [dependency] of value.matchAll(/--[A-Za-z0-9_-]+/g)) set.add(dependency);
    reads.set(name, set);
  }
  const kept = new Set<string>();
  const pending = [...variables];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (kept.has(name)) continue;
    kept.add(name);
    pending.push(...(reads.get(name) ?? []));
  }
  return [...kept].sort();
}

/**
 * The DSFR behaviour script names what it drives without the namespace (`ns.selector("collapse")`,
 * `` `${prefix}-segmented--vertical` ``, `data-fr-js-${name}`) and builds the state of a disclosure as
 * `${selector}--${type.id}`: `fr-collapse--expanded`, `fr-modal--opened`, `fr-tabs__panel--selected`.
 */
const DISCLOSURE_STATES = ["expanded", "opened", "selected"];

function behaviourWords(behaviour: string): string[] {
  const words = new Set(behaviour.match(WORD) ?? []);
  const out: string[] = [];
  for (const word of words) out.push(`fr-${word}`, `data-fr-${word}`, `data-fr-js-${word}`);
  return out;
}

/**
 * The scheme is fixed to light (`data-fr-scheme="light"` in index.html, `defaultColorScheme: "light"`
 * in main.tsx, no scheme switch in the UI): the dark theme's rules (`[data-fr-theme=dark]`) go. The
 * word "dark" never names anything else in the DSFR's selectors.
 */
const LEFT_OUT_WORDS = new Set(["dark"]);

export async function trimDsfrCss({ css, content, behaviour }: DsfrCssInput): Promise<string> {
  const extractor = (text: string) => (text.match(WORD) ?? []).filter((word) => !LEFT_OUT_WORDS.has(word));
  // CSS custom properties named in the shipped code (our stylesheets, inline styles, the DSFR script
  // setting `--collapse`): kept although no kept DSFR rule reads them.
  const variables = withDependencies(css, [...new Set(content.join("\n").match(/--[A-Za-z0-9_-]+/g) ?? [])]);
  const [result] = await new PurgeCSS().purge({
    content: [
      ...content.map((raw) => ({ raw, extension: "js" })),
      { raw: behaviourWords(behaviour).join(" "), extension: "txt" },
    ],
    css: [{ raw: css }],
    defaultExtractor: extractor,
    variables: true,
    safelist: {
      standard: [
        ...dynamicPrefixes([...content, behaviour]).map((prefix) => new RegExp(`^${escapeRegExp(prefix)}`)),
        ...dynamicSuffixes(content).map((suffix) => new RegExp(`^fr-[A-Za-z0-9_-]+${escapeRegExp(suffix)}$`)),
        new RegExp(`--(${DISCLOSURE_STATES.join("|")})$`),
      ],
      variables,
    },
  });
  if (!result) throw new Error("PurgeCSS returned nothing for dsfr.min.css");
  return result.css;
}
