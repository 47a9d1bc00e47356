import { h } from "preact";
import { createElement, startTransition, useOptimistic } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

// The `web` project resolves `react` as the build does (web/vite.config.ts, preactAliases).
describe("react in the UI is Preact", () => {
  it("creates Preact's elements", () => {
    expect(createElement).toBe(h);
  });

  it("shows the value passed to useOptimistic, dispatched or not (no transition stays pending)", () => {
    const Probe = ({ value }: { value: string }) => {
      const [shown, setShown] = useOptimistic(value);
      startTransition(() => setShown("optimistic"));
      return createElement("p", null, shown);
    };
    expect(renderToStaticMarkup(createElement(Probe, { value: "réel" }))).toBe("<p>réel</p>");
  });
});
