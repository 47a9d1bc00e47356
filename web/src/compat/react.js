/**
 * What `react` resolves to in the build and the `web` tests (web/vite.config.ts, `preactAliases`):
 * preact/compat, plus the React 19 hook it lacks that a dependency imports. Plain JS: preact/compat's
 * types are `export =`, which TypeScript cannot re-export with `export *`; the app is typed
 * against @types/react.
 */
import { useCallback } from "preact/compat";

export * from "preact/compat";
export { default } from "preact/compat";

/**
 * react-router's RouterProvider imports it (and dispatches only with `useTransitions`, which we
 * never pass). React shows an optimistic state while its transition is pending, then the value
 * passed in again. Preact's `startTransition` runs its callback at once and the update lands in
 * the same render, so no transition is ever pending: the value passed in is always what shows.
 * @template State, Action
 * @param {State} passthrough
 * @returns {[State, (action: Action) => void]}
 */
export function useOptimistic(passthrough) {
  const dispatch = useCallback(() => {}, []);
  return [passthrough, dispatch];
}
