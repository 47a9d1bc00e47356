import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { prDsfrLoaded } from "@codegouvfr/react-dsfr/start";
import { Link } from "react-router";

/**
 * Starts the DSFR's behaviour script (burger menu, dialogs, collapses). main.tsx calls it once the
 * page has loaded and the browser is idle, so it never delays the first page; react-dsfr starts
 * it once, so calling it again (to need it now) is harmless.
 */
export const startDsfr = () => startReactDsfr({ defaultColorScheme: "light", Link, nonce: "unused" });

type DsfrApi = (element: Element) => { modal?: { disclose(): void } } | undefined;
const dsfrApi = () => (window as unknown as { dsfr?: unknown }).dsfr;

/** The DSFR's script has loaded and knows this modal (its scan of the page found it). */
const knows = (element: Element) => {
  const api = dsfrApi();
  return typeof api === "function" && (api as DsfrApi)(element)?.modal !== undefined;
};

/**
 * Resolves once the DSFR's script can open the modal `id`, starting the script now if it was still
 * waiting for the browser to be idle. A click can come before it (a slow device, a busy page):
 * react-dsfr's `modal.open()` would then throw "window.dsfr is not a function" and show nothing.
 */
export async function modalReady(id: string): Promise<void> {
  const element = document.getElementById(id);
  if (!element || knows(element)) return;
  startDsfr();
  await prDsfrLoaded;
  for (let frame = 0; frame < 300 && !knows(element); frame++)
    await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Opens a react-dsfr modal (`createModal`) now, or as soon as the DSFR's script can. */
export function openModal(modal: { id: string; open(): void }): void {
  const element = document.getElementById(modal.id);
  if (element && knows(element)) modal.open();
  else void modalReady(modal.id).then(() => modal.open());
}

/**
 * Until the DSFR's script runs, a click on a button that controls a modal (react-dsfr's
 * `buttonProps`: `aria-controls` + `data-fr-opened`) would do nothing: open it once it can.
 * Returns what removes the listener (once the script has started, it handles these clicks itself).
 */
export function openModalsClickedEarly(): () => void {
  const onClick = (event: MouseEvent) => {
    const button =
      event.target instanceof Element ? event.target.closest("[aria-controls][data-fr-opened]") : null;
    const id = button?.getAttribute("aria-controls");
    const element = id ? document.getElementById(id) : null;
    if (!id || !element?.classList.contains("fr-modal") || knows(element)) return;
    void modalReady(id).then(() => (dsfrApi() as DsfrApi)(element)?.modal?.disclose());
  };
  document.addEventListener("click", onClick, true);
  return () => document.removeEventListener("click", onClick, true);
}
