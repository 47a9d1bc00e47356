import { useEffect, useRef } from "react";
import { useLocation } from "react-router";

/**
 * On every route change (not on the first load, not when only the query changes: filters live
 * there), puts the keyboard and screen readers on the new page's h1, once the page's chunk and
 * data have rendered it. Each page sets its own title (usePageTitle).
 */
export function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path, reading the DOM
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById("contenu");
    if (!main) return;
    const focusHeading = () => {
      const h1 = main.querySelector<HTMLElement>("h1");
      if (!h1) return false;
      // Something on the page took focus itself (an alert, a notice): leave it there.
      if (
        document.activeElement &&
        document.activeElement !== document.body &&
        main.contains(document.activeElement)
      )
        return true;
      h1.tabIndex = -1;
      h1.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), 15_000);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [pathname]);
  return null;
}
