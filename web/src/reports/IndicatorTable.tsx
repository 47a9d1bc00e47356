import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { type KeyboardEvent, memo, useEffect, useState } from "react";
import { flushSync } from "react-dom";
import {
  type Draft,
  entryOf,
  type FieldName,
  formatAnswer,
  formatDateTime,
  formatValue,
  type IndicatorErrors,
  type ItemGroup,
  type ReportItem,
  stateLabels,
  unitHints,
  type ValueState,
} from "./model";

/**
 * Rows rendered with the page, then per idle frame: 60-odd rows at once blocked the page for
 * seconds; small chunks keep each task short on a slow phone (Lighthouse's CPU × 4).
 */
const FIRST_ROWS = 4;
const NEXT_ROWS = 2;

/**
 * How many rows to render now: the first ones with the page, the rest a few per idle frame, so
 * the page answers at once. `everything` (a filter, a search, a deep link) renders them all now; so
 * does a click on an in-page link (side menu, the list of missing answers: flushed before the
 * browser looks for its target) and printing (`beforeprint`, or the print media matching).
 */
export function useProgressiveRows(total: number, everything: boolean): number {
  const [limit, setLimit] = useState(FIRST_ROWS);
  const [all, setAll] = useState(false);
  const full = all || everything || limit >= total;
  useEffect(() => {
    if (full) return;
    // One chunk per run: the new limit runs the effect again for the next one.
    const more = () => setLimit(limit + NEXT_ROWS);
    if (typeof window.requestIdleCallback === "function") {
      const handle = window.requestIdleCallback(more, { timeout: 200 });
      return () => window.cancelIdleCallback(handle);
    }
    const handle = window.setTimeout(more, 0);
    return () => window.clearTimeout(handle);
  }, [full, limit]);
  useEffect(() => {
    if (full) return;
    const now = () => flushSync(() => setAll(true));
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest('a[href^="#"]')) now();
    };
    const print = window.matchMedia("print");
    const onMedia = (event: MediaQueryListEvent) => {
      if (event.matches) now();
    };
    document.addEventListener("click", onClick, true);
    window.addEventListener("beforeprint", now);
    print.addEventListener("change", onMedia);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("beforeprint", now);
      print.removeEventListener("change", onMedia);
    };
  }, [full]);
  return full ? Number.POSITIVE_INFINITY : limit;
}

/** DOM id of an indicator's first input (links from the "missing" list and the error summary land there). */
export const fieldId = (indicator: string, field: "value" | "state" | "comment" = "value") =>
  `champ-${field}-${indicator.replace(/[^\w-]/g, "_")}`;

/**
 * Enter in a value field moves to the next indicator's field (spreadsheet habit). On the last one
 * it saves (`onLast`) and focus stays put, rather than falling to the page.
 */
function nextOnEnter(event: KeyboardEvent<HTMLElement>, onLast: () => void) {
  if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  const fields = [...document.querySelectorAll<HTMLElement>("[data-entry-value]:not([disabled])")];
  const index = fields.indexOf(event.currentTarget);
  const next = fields[index + 1];
  if (next) {
    next.focus();
    if (next instanceof HTMLInputElement) next.select();
  } else {
    onLast();
  }
}

type RowProps = {
  item: ReportItem;
  draft: Draft;
  dirty: boolean;
  errors: IndicatorErrors[string] | undefined;
  /** The answer someone else saved meanwhile, when it differs from the one this edit started from. */
  conflict: string | null;
  /** Who answers a row this user cannot edit ("la préfecture", an organisation's name). */
  responsible: string;
  myEmail: string;
  previousLabel: string;
  /** "Réponse T3 2026": the answer's column header, shown on the card of a narrow screen. */
  answerLabel: string;
  onChange: (indicator: string, patch: Partial<Draft>) => void;
  onBlur: () => void;
  onHistory: (item: ReportItem) => void;
};

/** Memoised: typing in one field re-renders that row only, not the 160 others. */
const IndicatorRow = memo(function IndicatorRow({
  item,
  draft,
  dirty,
  errors,
  conflict,
  responsible,
  myEmail,
  previousLabel,
  answerLabel,
  onChange,
  onBlur,
  onHistory,
}: RowProps) {
  const id = fieldId(item.indicator);
  const labelId = `${id}-label`;
  const readOnly = !item.editable;
  const local = dirty ? entryOf(item, draft) : null;
  const messageFor = (field: FieldName) =>
    errors?.find(
      (e) => e.field === field || (field === "value" && (e.field === "indicator" || e.field === "state")),
    )?.detail ?? (local?.kind === "invalid" && local.field === field ? local.detail : undefined);
  const valueError = messageFor("value");
  const commentError = messageFor("comment");
  const set = (patch: Partial<Draft>) => onChange(item.indicator, patch);
  const describedBy = (field: string, message?: string) =>
    [`${id}-hint`, message ? `${id}-${field}-error` : ""].filter(Boolean).join(" ");

  let input: React.ReactNode;
  if (item.derived) {
    input = (
      <p className="fr-mb-0">
        <strong>{formatAnswer(item.unit, item.state, item.value)}</strong>
        <br />
        <span className="fr-text--xs">calculé automatiquement</span>
      </p>
    );
  } else if (readOnly) {
    input = (
      <p className="fr-mb-0">
        <strong>{item.state ? formatAnswer(item.unit, item.state, item.value) : "Sans réponse"}</strong>
        <br />
        <span className="fr-text--xs">
          {item.state ? "Renseigné par" : "À renseigner par"} {responsible}
        </span>
      </p>
    );
  } else {
    const disabled = draft.state !== "value";
    const common = {
      id: fieldId(item.indicator, "value"),
      "aria-labelledby": `${id}-value-name ${labelId}`,
      "aria-describedby": describedBy("value", valueError),
      "aria-invalid": valueError ? (true as const) : undefined,
      disabled,
      onBlur,
      "data-entry-value": "",
    };
    input =
      item.unit === "yes_no" ? (
        <select
          {...common}
          className="fr-select"
          value={disabled ? "" : draft.text}
          onChange={(e) => set({ text: e.target.value })}
        >
          <option value="">—</option>
          <option value="true">Oui</option>
          <option value="false">Non</option>
        </select>
      ) : item.unit === "text" ? (
        <textarea
          {...common}
          className="fr-input"
          rows={2}
          value={disabled ? "" : draft.text}
          onChange={(e) => set({ text: e.target.value })}
        />
      ) : (
        <input
          {...common}
          className="fr-input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={disabled ? "" : draft.text}
          onChange={(e) => set({ text: e.target.value })}
          onKeyDown={(e) => nextOnEnter(e, onBlur)}
        />
      );
  }

  return (
    <tr className={dirty ? "app-report__row app-report__row--dirty" : "app-report__row"}>
      <th scope="row" className="app-report__indicator">
        <span className="app-report__code">{item.indicator}</span> <span id={labelId}>{item.label}</span>
        <span id={`${id}-hint`} className="fr-hint-text">
          {unitHints[item.unit]}
          {item.target !== null && ` · cible : ${formatValue(item.unit, item.target)}`}
          {item.periodicity === "annual" && " · annuel"}
          {item.retired && " · indicateur retiré"}
        </span>
      </th>
      <td className="app-report__previous">
        <span className="app-report__cell-label">{previousLabel} : </span>
        {formatAnswer(item.unit, item.previousState, item.previousValue)}
      </td>
      <td className="app-report__answer">
        <span className="app-report__card-label" aria-hidden="true">
          {answerLabel}
        </span>
        {!item.derived && !readOnly && (
          <div className={`fr-select-group fr-mb-1w${valueError ? " fr-select-group--error" : ""}`}>
            <label id={`${id}-state-name`} htmlFor={fieldId(item.indicator, "state")} className="fr-sr-only">
              État de la réponse
            </label>
            <select
              id={fieldId(item.indicator, "state")}
              className="fr-select"
              aria-labelledby={`${id}-state-name ${labelId}`}
              value={draft.state}
              onBlur={onBlur}
              onChange={(e) => {
                // The typed value stays in the draft: back to "Valeur", the answer is still there.
                set({ state: e.target.value as ValueState });
              }}
            >
              {(Object.keys(stateLabels) as ValueState[]).map((s) => (
                <option key={s} value={s}>
                  {stateLabels[s]}
                </option>
              ))}
            </select>
          </div>
        )}
        <div
          className={valueError ? "fr-input-group fr-input-group--error fr-mb-0" : "fr-input-group fr-mb-0"}
        >
          {/* The accessible name comes from aria-labelledby (field + indicator); the <label> keeps the
              field labelled for checkers that skip text scrolled off screen (history dialog open). */}
          {!item.derived && !readOnly && (
            <label id={`${id}-value-name`} htmlFor={fieldId(item.indicator, "value")} className="fr-sr-only">
              Valeur
            </label>
          )}
          {input}
          {!item.derived && !readOnly && (
            // What was saved, as text: the form controls do not print.
            <p className="app-report__print-value fr-mb-0">
              <strong>{item.state ? formatAnswer(item.unit, item.state, item.value) : "Sans réponse"}</strong>
            </p>
          )}
          {valueError && (
            <p id={`${id}-value-error`} className="fr-error-text">
              {valueError}
            </p>
          )}
          {conflict !== null && (
            <p className="fr-message fr-message--warning fr-text--xs">
              Modifié entre-temps par quelqu'un d'autre : {conflict}. Votre saisie remplacera cette réponse.
            </p>
          )}
        </div>
      </td>
      <td
        className={
          item.comment || (!readOnly && !item.derived)
            ? "app-report__comment"
            : "app-report__comment app-report__comment--empty"
        }
      >
        <span className="app-report__card-label" aria-hidden="true">
          Commentaire
        </span>
        {readOnly || item.derived ? (
          <span>{item.comment ?? ""}</span>
        ) : (
          <div
            className={
              commentError ? "fr-input-group fr-input-group--error fr-mb-0" : "fr-input-group fr-mb-0"
            }
          >
            <label
              id={`${id}-comment-name`}
              htmlFor={fieldId(item.indicator, "comment")}
              className="fr-sr-only"
            >
              Commentaire
            </label>
            <textarea
              id={fieldId(item.indicator, "comment")}
              className="fr-input"
              rows={draft.state === "value" ? 1 : 2}
              aria-labelledby={`${id}-comment-name ${labelId}`}
              aria-describedby={commentError ? `${id}-comment-error` : undefined}
              aria-invalid={commentError ? true : undefined}
              value={draft.comment}
              onBlur={onBlur}
              onChange={(e) => set({ comment: e.target.value })}
            />
            {commentError && (
              <p id={`${id}-comment-error`} className="fr-error-text">
                {commentError}
              </p>
            )}
            {item.comment && <p className="app-report__print-value fr-mb-0">{item.comment}</p>}
          </div>
        )}
      </td>
      <td className="app-report__changed">
        <span className="app-report__card-label" aria-hidden="true">
          Dernière modification
        </span>
        {dirty ? (
          <Badge severity="warning" small noIcon>
            Non enregistré
          </Badge>
        ) : item.updatedAt ? (
          <span className="fr-text--xs">
            {formatDateTime(item.updatedAt)}
            <br />
            par {item.updatedBy === myEmail ? "vous" : (item.updatedBy ?? "un import")}
          </span>
        ) : (
          <span className="fr-text--xs">—</span>
        )}
        {!item.derived && (
          <>
            <br />
            <button
              type="button"
              className="fr-link fr-text--xs"
              aria-label={`Historique de ${item.indicator}`}
              onClick={() => onHistory(item)}
            >
              Historique
            </button>
          </>
        )}
      </td>
    </tr>
  );
});

export function IndicatorTable({
  caption,
  groups,
  period,
  previousLabel,
  drafts,
  dirty,
  errors,
  conflicts,
  organisationNames,
  myEmail,
  onChange,
  onBlur,
  onHistory,
  limit = Number.POSITIVE_INFINITY,
}: {
  caption: string;
  groups: ItemGroup[];
  period: string;
  previousLabel: string;
  drafts: Record<string, Draft>;
  dirty: Record<string, number>;
  errors: IndicatorErrors;
  conflicts: Record<string, string>;
  organisationNames: ReadonlyMap<string, string>;
  myEmail: string;
  onChange: RowProps["onChange"];
  onBlur: () => void;
  onHistory: (item: ReportItem) => void;
  /** How many rows to render for now (useProgressiveRows); the groups past it wait. */
  limit?: number;
}) {
  const starts: number[] = [];
  groups.reduce((start, group) => {
    starts.push(start);
    return start + group.items.length;
  }, 0);
  return (
    <div className="fr-table fr-table--bordered app-report__table">
      <table>
        <caption className="fr-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Indicateur</th>
            <th scope="col">{previousLabel}</th>
            <th scope="col">Réponse {period}</th>
            <th scope="col">Commentaire</th>
            <th scope="col" className="app-report__changed">
              Dernière modification
            </th>
          </tr>
        </thead>
        {groups.map((group, index) => {
          const room = limit - (starts[index] ?? 0);
          if (room <= 0) return null;
          return (
            <tbody key={group.key}>
              <tr className="app-report__group">
                <th scope="rowgroup" colSpan={5} id={group.key}>
                  {group.title}
                </th>
              </tr>
              {group.items.slice(0, room).map((item) => {
                const draft = drafts[item.indicator];
                if (!draft) return null;
                return (
                  <IndicatorRow
                    key={item.indicator}
                    item={item}
                    draft={draft}
                    dirty={dirty[item.indicator] !== undefined}
                    errors={errors[item.indicator]}
                    conflict={conflicts[item.indicator] ?? null}
                    responsible={
                      item.responsibleOrganisationId === null
                        ? "la préfecture"
                        : (organisationNames.get(item.responsibleOrganisationId) ?? "une autre organisation")
                    }
                    myEmail={myEmail}
                    previousLabel={previousLabel}
                    answerLabel={`Réponse ${period}`}
                    onChange={onChange}
                    onBlur={onBlur}
                    onHistory={onHistory}
                  />
                );
              })}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
