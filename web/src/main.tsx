import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Link } from "react-router";
import { App } from "./App";
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
startReactDsfr({ defaultColorScheme: "light", Link, nonce: "unused" });

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
