import { describe, expect, it } from "vitest";
import { focusUnlessOnFieldError, focusWhenShown } from "./focus";

/** Frames run by hand: each `tick` runs the callbacks asked for during the previous one. */
function frames() {
  let queue: (() => void)[] = [];
  return {
    nextFrame: (callback: () => void) => queue.push(callback),
    tick() {
      const now = queue;
      queue = [];
      for (const callback of now) callback();
    },
    get pending() {
      return queue.length;
    },
  };
}

function element() {
  const focused: string[] = [];
  return { focused, node: { focus: () => focused.push("focus") } as unknown as HTMLElement };
}

describe("focusWhenShown", () => {
  it("focuses an element React commits a few frames after the state was set, not only on the next frame", () => {
    const clock = frames();
    const { focused, node } = element();
    let shown: HTMLElement | null = null;
    focusWhenShown(() => shown, 60, clock.nextFrame);
    clock.tick();
    clock.tick();
    expect(focused).toEqual([]);
    shown = node;
    clock.tick();
    expect(focused).toEqual(["focus"]);
    // Found: it stops looking.
    expect(clock.pending).toBe(0);
  });

  it("gives up after the frames it was given, without focusing anything", () => {
    const clock = frames();
    let looks = 0;
    focusWhenShown(
      () => {
        looks++;
        return null;
      },
      3,
      clock.nextFrame,
    );
    for (let i = 0; i < 10; i++) clock.tick();
    expect(looks).toBe(4);
    expect(clock.pending).toBe(0);
  });
});

describe("focusUnlessOnFieldError", () => {
  const on = (inErrorGroup: boolean) =>
    ({
      closest: (selector: string) => (inErrorGroup && selector.includes("--error") ? {} : null),
    }) as unknown as Element;

  it("leaves the keyboard on a field in error (the alert's effect ran after focusFirstError)", () => {
    const { focused, node } = element();
    focusUnlessOnFieldError(node, on(true));
    expect(focused).toEqual([]);
  });

  it("focuses the alert otherwise", () => {
    const { focused, node } = element();
    focusUnlessOnFieldError(node, on(false));
    focusUnlessOnFieldError(node, null);
    expect(focused).toEqual(["focus", "focus"]);
  });
});
