import { setLink } from "@codegouvfr/react-dsfr/link";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Link } from "react-router";
import { App, preloadFirstPage } from "./App";
import { openModalsClickedEarly, startDsfr } from "./ui/dsfr";
import "./app.css";

declare module "@codegouvfr/react-dsfr/spa" {
  interface RegisterLink {
    Link: typeof Link;
  }
}

// react-dsfr appends a <style>:root{color-scheme}</style> element, which the CSP (style-src 'self')
// refuses. It skips that element when a nonce check is on but no nonce is found: a property that
// swallows the nonce gives exactly that. color-scheme comes from app.css instead.
Object.defineProperty(window, "ssrNonce", { get: () => undefined, set: () => {}, configurable: true });
// The router's Link is registered before the first render; the DSFR's own script (28 KB gzipped:
// burger menu, dialogs, collapses) starts once the page has loaded and the browser is idle, so it
// never delays the first page. It scans the document and watches it from then on; a dialog asked
// for before that opens once it can (ui/dsfr.ts).
setLink({ Link } as Parameters<typeof setLink>[0]);
openModalsClickedEarly();
const whenIdle = () =>
  "requestIdleCallback" in window
    ? requestIdleCallback(startDsfr, { timeout: 1000 })
    : setTimeout(startDsfr, 1);
if (document.readyState === "complete") whenIdle();
else window.addEventListener("load", whenIdle, { once: true });

preloadFirstPage(window.location);
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
