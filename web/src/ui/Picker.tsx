import { Input } from "@codegouvfr/react-dsfr/Input";
import { type KeyboardEvent, useId, useState } from "react";
import { messageOf } from "../api";
import { countOf } from "./french";
import { useDebounced, useLoad } from "./hooks";

export type PickerOption = { value: string; label: string };

/**
 * Search-as-you-type over an official list (ARIA combobox): only a value from the list can be
 * chosen, so a typo in a code is impossible.
 */
export function Picker({
  label,
  hint,
  search,
  selected,
  onSelect,
  error,
  name,
}: {
  label: string;
  hint?: string;
  search: (q: string, signal: AbortSignal) => Promise<PickerOption[]>;
  selected: PickerOption | null;
  onSelect: (option: PickerOption | null) => void;
  error?: string;
  name: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(selected?.label ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const results = useLoad(
    (signal) => (open && q.length > 0 ? search(q, signal) : Promise.resolve([])),
    [q, open],
  );
  const options = results.data ?? [];
  const expanded = open && options.length > 0;

  const choose = (option: PickerOption) => {
    onSelect(option);
    setText(option.label);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === "Enter" && expanded) {
      event.preventDefault();
      const option = options[active];
      if (option) choose(option);
    } else if (event.key === "Escape") {
      setOpen(false);
    }
  };

  const status = results.error
    ? messageOf(results.error)
    : open && q && !results.loading && options.length === 0
      ? "Aucun résultat dans la liste officielle."
      : "";

  return (
    <div className="app-picker">
      <Input
        label={label}
        hintText={hint}
        state={error ? "error" : selected ? "success" : "default"}
        stateRelatedMessage={error || (selected ? `Sélection : ${selected.label}` : undefined)}
        nativeInputProps={{
          name,
          type: "text",
          role: "combobox",
          autoComplete: "off",
          "aria-autocomplete": "list",
          "aria-invalid": error ? true : undefined,
          "aria-expanded": expanded,
          "aria-controls": listId,
          "aria-activedescendant": expanded ? `${listId}-${active}` : undefined,
          value: text,
          onChange: (e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(0);
            if (selected) onSelect(null);
          },
          onKeyDown,
          onBlur: () => setTimeout(() => setOpen(false), 150),
        }}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={`Suggestions : ${label}`}
        className="app-picker__list"
        hidden={!expanded}
      >
        {options.map((option, index) => (
          // Options are never focused: the input keeps focus and points at one with aria-activedescendant.
          // biome-ignore lint/a11y/useFocusableInteractive: ARIA 1.2 combobox pattern
          <div
            key={option.value}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className="app-picker__option"
            onMouseDown={(e) => {
              e.preventDefault();
              choose(option);
            }}
          >
            {option.label}
          </div>
        ))}
      </div>
      <p className={expanded || !status ? "fr-sr-only" : "fr-text--sm fr-mb-2w"} role="status">
        {expanded ? countOf(options.length, "résultat", "résultats") : status}
      </p>
    </div>
  );
}
