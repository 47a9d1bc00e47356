import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api";
import { saveEntries, type Versioned } from "./api";
import {
  type Draft,
  draftOf,
  type Entry,
  entryOf,
  errorsByIndicator,
  type IndicatorErrors,
  type Report,
} from "./model";

/** Milliseconds of quiet typing after which a draft is saved. */
export const SAVE_DELAY = 1500;

export type SaveState =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "error"; message: string }
  | { kind: "invalid"; message: string }
  | { kind: "conflict" };

type Edits = {
  /** What the user sees in each field. */
  drafts: Record<string, Draft>;
  /** Indicators edited since their last save, with an edit counter (an edit during a save keeps it dirty). */
  dirty: Record<string, number>;
  /** The answer each dirty indicator had when its edit started: a reload compares against it. */
  bases: Record<string, Report["items"][number]>;
};

const draftsOf = (report: Report, keep: Edits | null): Record<string, Draft> => {
  const out: Record<string, Draft> = {};
  for (const item of report.items) {
    const kept = keep && keep.dirty[item.indicator] !== undefined ? keep.drafts[item.indicator] : undefined;
    out[item.indicator] = kept ?? draftOf(item);
  }
  return out;
};

/**
 * The report being edited and its automatic saving: changed entries only, `If-Match` with the
 * ETag of the last answer, one save at a time, ~1.5 s after the last change or at once on blur.
 * A 412 keeps the user's values on screen and stops saving until they reload; a 422 puts each
 * message next to its field; invalid typing is never sent (it stays "non enregistré").
 */
export function useReportEditor(code: string, period: string, initial: Versioned) {
  const [server, setServer] = useState<Versioned>(initial);
  const [edits, setEdits] = useState<Edits>(() => ({
    drafts: draftsOf(initial.report, null),
    dirty: {},
    bases: {},
  }));
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const [serverErrors, setServerErrors] = useState<IndicatorErrors>({});
  /** Other messages of a refused save (not tied to one field). */
  const [saveProblem, setSaveProblem] = useState<unknown>(null);
  const latest = useRef({ server, edits, serverErrors, saveState });
  const updateServerErrors = useCallback((fn: (e: IndicatorErrors) => IndicatorErrors) => {
    const next = fn(latest.current.serverErrors);
    latest.current.serverErrors = next;
    setServerErrors(next);
  }, []);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<boolean> | null>(null);

  const items = new Map(server.report.items.map((i) => [i.indicator, i]));

  // Every update goes through these two, so `latest` is always current, even before React renders
  // (a save that follows another reads the new ETag at once).
  const updateEdits = useCallback((fn: (e: Edits) => Edits) => {
    const next = fn(latest.current.edits);
    latest.current.edits = next;
    setEdits(next);
  }, []);
  const updateSaveState = useCallback((next: SaveState) => {
    latest.current.saveState = next;
    setSaveState(next);
  }, []);

  /** Adopts a fresh report from the API; drafts not being edited follow it. */
  const adopt = useCallback(
    (next: Versioned, sent: Record<string, number> = {}) => {
      latest.current.server = next;
      setServer(next);
      updateEdits((e) => {
        const dirty = { ...e.dirty };
        const bases = { ...e.bases };
        for (const [indicator, rev] of Object.entries(sent)) {
          if (dirty[indicator] === rev) {
            delete dirty[indicator];
            delete bases[indicator];
          }
        }
        // A field just saved keeps what the user typed ("12," stays, not "12"): it means the same.
        const keep = { ...dirty, ...sent };
        return { drafts: draftsOf(next.report, { ...e, dirty: keep }), dirty, bases };
      });
    },
    [updateEdits],
  );

  /** Saves what is dirty now. Resolves true when nothing savable is left unsaved. */
  const save = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    if (inFlight.current) {
      // One save at a time: wait for it, then save what is still dirty.
      await inFlight.current;
      return save();
    }
    const { server: s, edits: e, serverErrors: errs, saveState: st } = latest.current;
    if (st.kind === "conflict") return false;
    const itemsNow = new Map(s.report.items.map((i) => [i.indicator, i]));
    const entries: Entry[] = [];
    const sent: Record<string, number> = {};
    const clean: Record<string, number> = {};
    let invalid = 0;
    for (const [indicator, rev] of Object.entries(e.dirty)) {
      const item = itemsNow.get(indicator);
      const draft = e.drafts[indicator];
      if (!item || !draft || !item.editable) continue;
      if (errs[indicator]) {
        invalid++;
        continue;
      }
      const outcome = entryOf(item, draft);
      if (outcome.kind === "same") clean[indicator] = rev;
      else if (outcome.kind === "invalid") invalid++;
      else {
        entries.push(outcome.entry);
        sent[indicator] = rev;
      }
    }
    if (Object.keys(clean).length) {
      updateEdits((cur) => {
        const dirty = { ...cur.dirty };
        for (const [k, rev] of Object.entries(clean)) if (dirty[k] === rev) delete dirty[k];
        return { ...cur, dirty };
      });
    }
    if (entries.length === 0) {
      const cur = latest.current.saveState;
      updateSaveState(
        invalid
          ? { kind: "invalid", message: `${invalid} saisie${invalid > 1 ? "s" : ""} à compléter ou corriger` }
          : cur.kind === "pending" || cur.kind === "invalid"
            ? { kind: "idle" }
            : cur,
      );
      return invalid === 0;
    }
    updateSaveState({ kind: "saving" });
    const run = (async () => {
      try {
        const next = await saveEntries(code, period, s.etag, entries);
        adopt(next, sent);
        setSaveProblem(null);
        updateSaveState(
          invalid
            ? {
                kind: "invalid",
                message: `${invalid} saisie${invalid > 1 ? "s" : ""} à compléter ou corriger`,
              }
            : { kind: "saved", at: new Date() },
        );
        return invalid === 0;
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          updateSaveState({ kind: "conflict" });
        } else if (error instanceof ApiError && error.status === 422) {
          const { byIndicator, other } = errorsByIndicator(error.problem, entries);
          updateServerErrors((cur) => ({ ...cur, ...byIndicator }));
          setSaveProblem(other.length ? error : null);
          const n = Object.keys(byIndicator).length;
          updateSaveState({
            kind: "error",
            message:
              n > 0
                ? `Rien n'a été enregistré : ${n} valeur${n > 1 ? "s" : ""} refusée${n > 1 ? "s" : ""} (voir les champs signalés).`
                : error.detail,
          });
        } else {
          setSaveProblem(error);
          updateSaveState({
            kind: "error",
            message:
              error instanceof ApiError
                ? error.detail
                : "Le service ne répond pas : vos saisies sont gardées à l'écran.",
          });
        }
        return false;
      } finally {
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    return run;
  }, [adopt, code, period, updateEdits, updateSaveState, updateServerErrors]);

  const schedule = useCallback(
    (delay = SAVE_DELAY) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), delay);
    },
    [save],
  );

  useEffect(() => () => clearTimeout(timer.current), []);

  /** A change typed by the user. */
  const change = useCallback(
    (indicator: string, patch: Partial<Draft>) => {
      updateEdits((e) => {
        const current = e.drafts[indicator];
        if (!current) return e;
        const item = latest.current.server.report.items.find((i) => i.indicator === indicator);
        return {
          drafts: { ...e.drafts, [indicator]: { ...current, ...patch } },
          dirty: { ...e.dirty, [indicator]: (e.dirty[indicator] ?? 0) + 1 },
          bases: e.bases[indicator] || !item ? e.bases : { ...e.bases, [indicator]: item },
        };
      });
      if (latest.current.serverErrors[indicator]) {
        updateServerErrors(({ [indicator]: _, ...rest }) => rest);
      }
      if (latest.current.saveState.kind === "conflict") return;
      updateSaveState({ kind: "pending" });
      schedule();
    },
    [schedule, updateEdits, updateSaveState, updateServerErrors],
  );

  /** Leaving a field saves at once (still one save at a time). */
  const blur = useCallback(() => {
    if (Object.keys(latest.current.edits.dirty).length && latest.current.saveState.kind !== "conflict")
      schedule(0);
  }, [schedule]);

  /** After a 412 (or on demand): the latest report, with the user's unsaved values kept on top. */
  const reload = useCallback(
    (next: Versioned) => {
      updateServerErrors(() => ({}));
      setSaveProblem(null);
      updateSaveState({ kind: "idle" });
      adopt(next);
      if (Object.keys(latest.current.edits.dirty).length) schedule(0);
    },
    [adopt, schedule, updateSaveState, updateServerErrors],
  );

  const dirtyCount = Object.keys(edits.dirty).length;
  useEffect(() => {
    if (dirtyCount === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirtyCount]);

  return {
    server,
    items,
    edits,
    saveState,
    serverErrors,
    saveProblem,
    dirtyCount,
    change,
    blur,
    save,
    reload,
    /** A report from a workflow action or an import: nothing dirty is lost. */
    adopt,
  };
}
