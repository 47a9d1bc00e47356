/** After a refused submit, puts the keyboard on the first field the DSFR marks in error. */
export function focusFirstError() {
  requestAnimationFrame(() => {
    document
      .querySelector<HTMLElement>(".fr-input-group--error input, .fr-select-group--error select")
      ?.focus();
  });
}
