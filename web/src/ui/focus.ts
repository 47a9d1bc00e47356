const ERROR_FIELD = ".fr-input-group--error input, .fr-select-group--error select";

/**
 * After a refused submit, puts the keyboard on the first field the DSFR marks in error. The error
 * is set from an async handler, so React may commit it a few frames later on a busy machine: look
 * again on each frame (for about a second) instead of once.
 */
export function focusFirstError(framesLeft = 60) {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>(ERROR_FIELD);
    if (field) field.focus();
    else if (framesLeft > 0) focusFirstError(framesLeft - 1);
  });
}
