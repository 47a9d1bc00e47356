const ERROR_GROUP = ".fr-input-group--error, .fr-select-group--error";
const ERROR_FIELD = ".fr-input-group--error input, .fr-select-group--error select";

/** About a second of frames. */
const FRAMES = 60;

/**
 * Puts the keyboard on what `find` returns, once React has shown it. A state set from an async
 * handler (an error, a notice, rows just loaded) may commit a few frames later on a busy machine:
 * look again on each frame (for about a second) instead of once.
 */
export function focusWhenShown(
  find: () => HTMLElement | null | undefined,
  framesLeft = FRAMES,
  nextFrame: (callback: () => void) => unknown = requestAnimationFrame,
) {
  nextFrame(() => {
    const element = find();
    if (element) element.focus();
    else if (framesLeft > 0) focusWhenShown(find, framesLeft - 1, nextFrame);
  });
}

/** After a refused submit, puts the keyboard on the first field the DSFR marks in error. */
export function focusFirstError() {
  focusWhenShown(() => document.querySelector<HTMLElement>(ERROR_FIELD));
}

/**
 * Focuses an error alert, unless the keyboard is already on a field in error: focusFirstError put
 * it there, and the alert's effect may run after it (on a loaded machine React runs effects after
 * the frame that focused the field), which took the focus away from the field.
 */
export function focusUnlessOnFieldError(
  alert: HTMLElement | null | undefined,
  active: Element | null = document.activeElement,
) {
  if (active?.closest(ERROR_GROUP)) return;
  alert?.focus();
}
