import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api";
import { countOf } from "../ui/french";
import { getReport, saveEntries, type Versioned } from "./api";
import {
  changedIndicators,
  type Draft,
  draftOf,
  errorsByIndicator,
  type IndicatorErrors,
  pendingEntries,
  type Report,
  type ReportItem,
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
 * A 412 reads the report again: when nobody touched the indicators edited here, the save is tried
 * once more on the new version; otherwise the user's values stay on screen and saving stops until
 * they reload. A 422 puts each message next to its field; invalid typing is never sent.
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
  const inFlight = useRef<Promise<unknown> | null>(null);

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
        const saved = new Map(next.report.items.map((i) => [i.indicator, i]));
        for (const [indicator, rev] of Object.entries(sent)) {
          const item = saved.get(indicator);
          if (dirty[indicator] === rev) {
            delete dirty[indicator];
            delete bases[indicator];
          } else if (item) {
            // Typed again during the save: the answer just saved is where the new edit starts from.
            bases[indicator] = item;
          }
        }
        // A field just saved keeps what the user typed ("12," stays, not "12"): it means the same.
        const keep = { ...dirty, ...sent };
        return { drafts: draftsOf(next.report, { ...e, dirty: keep }), dirty, bases };
      });
    },
    [updateEdits],
  );

  /**
   * A save refused with 412: someone saved the report meanwhile. Reads it again and, when none of
   * the indicators edited here changed since the edit started, says to save again (once) on it.
   * Otherwise the save stops with the conflict banner; the fresh answers show next to the fields.
   */
  const afterConflict = useCallback(
    async (retried: boolean): Promise<boolean> => {
      let fresh: Versioned;
      try {
        fresh = await getReport(code, period);
      } catch {
        updateSaveState({ kind: "conflict" });
        return false;
      }
      const { dirty, bases } = latest.current.edits;
      const pending: Record<string, ReportItem> = {};
      for (const indicator of Object.keys(dirty)) {
        const base = bases[indicator];
        if (base) pending[indicator] = base;
      }
      adopt(fresh);
      if (!retried && changedIndicators(pending, fresh.report.items).length === 0) return true;
      updateSaveState({ kind: "conflict" });
      return false;
    },
    [adopt, code, period, updateSaveState],
  );

  /**
   * Saves what is dirty now. Resolves true when nothing savable is left unsaved. `keepalive` lets
   * the request outlive the page; `retried` marks the one new try after a harmless 412.
   */
  /** The last save failed without an answer (offline, unreachable): retried when back online. */
  const networkFailed = useRef(false);
  const save = useCallback(
    async (options: { keepalive?: boolean; retried?: boolean } = {}): Promise<boolean> => {
      clearTimeout(timer.current);
      if (inFlight.current) {
        // One save at a time: wait for it, then save what is still dirty.
        await inFlight.current;
        return save(options);
      }
      const { server: s, edits: e, serverErrors: errs, saveState: st } = latest.current;
      if (st.kind === "conflict") return false;
      const { entries, sent, clean, invalid } = pendingEntries(e.dirty, e.drafts, s.report.items, errs);
      if (Object.keys(clean).length) {
        updateEdits((cur) => {
          const dirty = { ...cur.dirty };
          for (const [k, rev] of Object.entries(clean)) if (dirty[k] === rev) delete dirty[k];
          return { ...cur, dirty };
        });
      }
      const invalidState: SaveState = {
        kind: "invalid",
        message: `${countOf(invalid, "saisie", "saisies")} à compléter ou corriger`,
      };
      if (entries.length === 0) {
        const cur = latest.current.saveState;
        updateSaveState(
          invalid ? invalidState : cur.kind === "pending" || cur.kind === "invalid" ? { kind: "idle" } : cur,
        );
        return invalid === 0;
      }
      updateSaveState({ kind: "saving" });
      const run = (async (): Promise<boolean | "retry"> => {
        try {
          const next = await saveEntries(code, period, s.etag, entries, options.keepalive);
          adopt(next, sent);
          setSaveProblem(null);
          updateSaveState(invalid ? invalidState : { kind: "saved", at: new Date() });
          return invalid === 0;
        } catch (error) {
          if (error instanceof ApiError && error.status === 412) {
            return (await afterConflict(options.retried ?? false)) ? "retry" : false;
          }
          if (error instanceof ApiError && error.status === 422) {
            const { byIndicator, other } = errorsByIndicator(error.problem, entries);
            updateServerErrors((cur) => ({ ...cur, ...byIndicator }));
            setSaveProblem(other.length ? error : null);
            const n = Object.keys(byIndicator).length;
            updateSaveState({
              kind: "error",
              message:
                n > 0
                  ? `Rien n'a été enregistré : ${countOf(n, "valeur refusée", "valeurs refusées")} (voir les champs signalés).`
                  : error.detail,
            });
          } else {
            setSaveProblem(error);
            networkFailed.current = !(error instanceof ApiError);
            updateSaveState({
              kind: "error",
              message:
                error instanceof ApiError
                  ? error.detail
                  : navigator.onLine
                    ? "Le service ne répond pas : vos saisies sont gardées à l'écran."
                    : "Vous êtes hors ligne : vos saisies sont gardées à l'écran et seront enregistrées dès le retour de la connexion.",
            });
          }
          return false;
        } finally {
          inFlight.current = null;
        }
      })();
      inFlight.current = run;
      const outcome = await run;
      return outcome === "retry" ? save({ ...options, retried: true }) : outcome;
    },
    [adopt, afterConflict, code, period, updateEdits, updateSaveState, updateServerErrors],
  );

  const schedule = useCallback(
    (delay = SAVE_DELAY) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), delay);
    },
    [save],
  );

  // Leaving the page (a link, Back) within the typing delay: what is pending is saved anyway.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (Object.keys(latest.current.edits.dirty).length) void save({ keepalive: true });
    },
    [save],
  );

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

  // A save that failed for want of a network is tried again as soon as the browser is back online.
  useEffect(() => {
    const retry = () => {
      if (!networkFailed.current || latest.current.saveState.kind !== "error") return;
      networkFailed.current = false;
      void save();
    };
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [save]);

  const dirtyCount = Object.keys(edits.dirty).length;
  useEffect(() => {
    if (dirtyCount === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const flush = () => void save({ keepalive: true });
    window.addEventListener("beforeunload", warn);
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("pagehide", flush);
    };
  }, [dirtyCount, save]);

  /** The report as last answered by the API (its ETag moves with every save, before React renders). */
  const current = useCallback(() => latest.current.server, []);
  const currentSaveState = useCallback(() => latest.current.saveState, []);
  /** Whether leaving now would lose typing (checked when a navigation starts). */
  const hasPending = useCallback(() => Object.keys(latest.current.edits.dirty).length > 0, []);

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
    current,
    currentSaveState,
    hasPending,
    reload,
    /** A report from a workflow action or an import: nothing dirty is lost. */
    adopt,
  };
}
