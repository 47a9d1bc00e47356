import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { SideMenu } from "@codegouvfr/react-dsfr/SideMenu";
import { ToggleSwitch } from "@codegouvfr/react-dsfr/ToggleSwitch";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { isPeriod, previousPeriod } from "../../../shared/period-calendar";
import { ApiError, api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusWhenShown } from "../ui/focus";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { LoadFailure, StatusPage, statusOf } from "../ui/StatusPage";
import { getReport, reportFileUrl, transition, type Versioned } from "./api";
import { type SaveState, useReportEditor } from "./autosave";
import { peopleText, submitText, validateText } from "./confirm";
import {
  HistoryDialog,
  historyModal,
  LeaveGuard,
  ReopenDialog,
  reopenModal,
  submitModal,
  TransitionDialog,
  validateModal,
} from "./Dialogs";
import { ImportForm } from "./ImportForm";
import { fieldId, IndicatorTable, useProgressiveRows } from "./IndicatorTable";
import {
  changedIndicators,
  filterItems,
  formatAnswer,
  formatDay,
  formatInstantDay,
  formatTime,
  groupItems,
  isPeriodOpen,
  missingOf,
  percent,
  periodLabel,
  periodShort,
  type Report,
  type ReportItem,
  statusLabels,
  statusSeverity,
  todayInFrance,
  unansweredOf,
} from "./model";
import { useOrganisationNames } from "./organisations";
import { MemberTodo, OrganisationProgress } from "./Partners";
import { ReportPrintTools } from "./PrintTools";
import { byResponsible, PREFECTURE, responsibleFilter, responsibleOptions } from "./responsible";
import "./reports.css";
import { openModal } from "../ui/dsfr";
import { countOf } from "../ui/french";

const roleNames = {
  prefecture: "la préfecture",
  national: "l'administration centrale",
  member: "un membre",
} as const;

/** Why the report cannot be edited, in the words of the API's `lock`. */
function lockMessage(report: Report): { title: string; description: string } | null {
  const lock = report.lock;
  if (!lock) return null;
  if (lock.reason === "validated") {
    return {
      title: "Rapport validé : saisie verrouillée",
      description: `Validé le ${formatInstantDay(lock.at)} par ${roleNames[lock.byRole ?? "prefecture"]}. La préfecture peut le rouvrir en indiquant un motif.`,
    };
  }
  if (lock.reason === "period_not_open") {
    return {
      title: "Trimestre en cours : saisie pas encore ouverte",
      description: `Le trimestre n'est pas terminé : saisie possible à partir du ${formatDay(lock.at)}.`,
    };
  }
  if (lock.reason === "window_closed") {
    return {
      title: "Saisie close pour les organisations",
      description: `La fenêtre de saisie des organisations s'est fermée le ${formatDay(lock.at)} : transmettez vos chiffres à la préfecture, qui peut encore les saisir.`,
    };
  }
  return {
    title: "Rapport soumis",
    description: `Soumis le ${formatInstantDay(lock.at)} : seule la préfecture peut encore corriger les valeurs.`,
  };
}

/** The save state, worded so that nobody mistakes "enregistré" for "transmis". */
function SaveIndicator({
  state,
  status,
  dirtyCount,
  onRetry,
  ref,
}: {
  state: SaveState;
  status: Report["status"];
  dirtyCount: number;
  onRetry: () => void;
  ref?: React.Ref<HTMLDivElement>;
}) {
  const saved = status === "draft" ? "Brouillon enregistré" : "Modifications enregistrées";
  let icon = "fr-icon-checkbox-circle-line";
  let text: string;
  let tone = "app-save--ok";
  switch (state.kind) {
    case "saving":
      icon = "fr-icon-refresh-line";
      text = "Enregistrement…";
      tone = "app-save--busy";
      break;
    case "pending":
      icon = "fr-icon-edit-line";
      text = "Modifications non enregistrées";
      tone = "app-save--pending";
      break;
    case "saved":
      text = `${saved} à ${formatTime(state.at)}`;
      break;
    case "invalid":
      icon = "fr-icon-warning-line";
      text = `Modifications non enregistrées : ${state.message}`;
      tone = "app-save--pending";
      break;
    case "error":
      icon = "fr-icon-error-warning-line";
      text = `Échec de l'enregistrement. ${state.message}`;
      tone = "app-save--error";
      break;
    case "conflict":
      icon = "fr-icon-error-warning-line";
      text = "Enregistrement suspendu : le rapport a changé entre-temps";
      tone = "app-save--error";
      break;
    default:
      text = dirtyCount ? "Modifications non enregistrées" : "Aucune modification en attente";
      tone = dirtyCount ? "app-save--pending" : "app-save--ok";
  }
  return (
    <div ref={ref} tabIndex={-1} className={`app-save ${tone}`}>
      <p className="fr-mb-0" role="status" aria-live="polite">
        <span className={`${icon} fr-icon--sm fr-mr-1w`} aria-hidden="true" />
        <strong>{text}</strong>
        {state.kind === "error" && (
          <Button size="small" priority="tertiary" className="fr-ml-2w" onClick={onRetry}>
            Réessayer
          </Button>
        )}
      </p>
      <p className="fr-text--xs fr-mb-0">
        Vos saisies sont enregistrées automatiquement comme brouillon. Enregistrer ne transmet rien : le
        rapport n'est transmis qu'une fois <strong>soumis</strong> par la préfecture.
      </p>
    </div>
  );
}

export function ReportPage() {
  const { code = "", period = "" } = useParams();
  const loaded = useLoad((signal) => getReport(code, period, signal), [code, period]);
  const department = useDepartment(code);
  usePageTitle(
    !isPeriod(period)
      ? "Trimestre inconnu"
      : statusOf(loaded.error)
        ? null
        : `Rapport ${periodShort(period)} — ${code}`,
  );
  const breadcrumb = (
    <DepartmentBreadcrumb
      code={code}
      name={department.data?.name}
      segments={[{ label: "Rapports trimestriels", to: `/departements/${code}/trimestres` }]}
      current={isPeriod(period) ? periodLabel(period) : period}
    />
  );
  if (!isPeriod(period))
    return (
      <StatusPage
        kind="unknown-quarter"
        back={{ to: `/departements/${code}/trimestres`, text: "Voir les trimestres" }}
      />
    );
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) {
    return (
      <>
        {breadcrumb}
        <LoadFailure error={loaded.error} onRetry={loaded.reload} title="Rapport trimestriel" />
      </>
    );
  }
  return (
    <>
      {breadcrumb}
      {/* A new key per load: the editor starts again from what the API said. */}
      <ReportEditor
        key={`${code}/${period}`}
        code={code}
        period={period}
        initial={loaded.data}
        departmentName={department.data?.name}
      />
    </>
  );
}

function ReportEditor({
  code,
  period,
  initial,
  departmentName,
}: {
  code: string;
  period: string;
  initial: Versioned;
  departmentName: string | undefined;
}) {
  const { me } = useSession();
  const roles = rolesIn(me, code);
  const isPrefecture = roles.includes("prefecture");
  const memberOnly = roles.length > 0 && roles.every((r) => r === "member");
  const myOrganisations = useMemo(
    () =>
      new Set(
        (me?.memberships ?? [])
          .filter((m) => m.departmentCode === code && m.organisationId)
          .map((m) => m.organisationId as string),
      ),
    [me, code],
  );
  const organisationNames = useOrganisationNames(code);
  const editor = useReportEditor(code, period, initial);
  const report = editor.server.report;
  const [actionError, setActionError] = useState<unknown>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  // Filters and the indicator in view live in the address (shareable, kept on reload and Back).
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  const query = params.get("q") ?? "";
  /** The indicators without answer when the filter was switched on (null: filter off). */
  const [onlyMissing, setOnlyMissingState] = useState<ReadonlySet<string> | null>(() =>
    params.get("sans-reponse") === "1" ? new Set(missingOf(initial.report).map((i) => i.indicator)) : null,
  );
  const setOnlyMissing = (value: ReadonlySet<string> | null) => {
    setOnlyMissingState(value);
    setParam("sans-reponse", value ? "1" : null);
  };
  const mineParam = params.get("mes-indicateurs");
  const onlyMine = mineParam === null ? memberOnly && myOrganisations.size > 0 : mineParam === "1";
  const setOnlyMine = (on: boolean) => setParam("mes-indicateurs", on ? "1" : "0");
  // « Renseigné par » (prefecture and national readers): `?organisation=<id>|prefecture`, the link
  // the partners' e-mails carry.
  const responsibleChoices = useMemo(
    () => responsibleOptions(editor.server.report.items, organisationNames),
    [editor.server.report.items, organisationNames],
  );
  const responsible = memberOnly ? "" : responsibleFilter(params.get("organisation"), responsibleChoices);
  const [historyOf, setHistoryOf] = useState<ReportItem | null>(null);
  const [reloadError, setReloadError] = useState<unknown>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const saveRef = useRef<HTMLDivElement>(null);
  const historyOpener = useRef<HTMLElement | null>(null);

  const openHistory = useCallback(
    (item: ReportItem) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set("indicateur", item.indicator);
          return next;
        },
        { replace: true },
      );
      historyOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setHistoryOf(item);
      openModal(historyModal);
    },
    [setParams],
  );
  // Opened from code, the dialog does not know where focus was: give it back to the row's button.
  useIsModalOpen(historyModal, {
    onConceal: () => requestAnimationFrame(() => historyOpener.current?.focus()),
  });

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  // `?indicateur=N48-1` opens the page on that indicator (a shared link, Back after leaving).
  const linked = params.get("indicateur");
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on the page's first render
  useEffect(() => {
    if (!linked) return;
    const field = document.getElementById(fieldId(linked));
    field?.closest("tr")?.scrollIntoView({ block: "center" });
    field?.focus({ preventScroll: true });
  }, []);

  const lock = lockMessage(report);
  const missingItems = missingOf(report);
  // Completeness counts the indicators people type, never the computed ones (shared/completeness.ts).
  const typedItems = report.items.filter((i) => !i.derived);
  const typedAnswered = typedItems.filter((i) => i.state !== null).length;
  const previousLabel = `Trimestre précédent (${periodShort(previousPeriod(period))})`;
  const editable = report.items.some((i) => i.editable);

  const visibleItems = useMemo(
    () =>
      byResponsible(
        filterItems(report.items, { mine: onlyMine ? myOrganisations : null, only: onlyMissing, query }),
        responsible,
      ),
    [onlyMine, myOrganisations, onlyMissing, report.items, query, responsible],
  );
  const measures = useLoad(
    (signal) =>
      api
        .get<{ items: { number: number; text: string }[] }>("/measures", undefined, signal)
        .catch(() => null),
    [],
  );
  const sections = useMemo(() => {
    const texts = new Map((measures.data?.items ?? []).map((m) => [m.number, m.text]));
    return groupItems(visibleItems, (n) => texts.get(n));
  }, [visibleItems, measures.data]);

  // The rows arrive a few at a time (useProgressiveRows), all at once when something targets them.
  const rowLimit = useProgressiveRows(
    visibleItems.length,
    Boolean(linked) ||
      query !== "" ||
      onlyMissing !== null ||
      responsible !== "" ||
      onlyMine ||
      window.location.hash.length > 1,
  );
  const sectionStarts: number[] = [];
  sections.reduce((start, section) => {
    sectionStarts.push(start);
    return start + section.groups.reduce((n, group) => n + group.items.length, 0);
  }, 0);

  /** Answers someone else saved while this user was editing the same indicator. */
  const conflicts: Record<string, string> = {};
  for (const indicator of changedIndicators(editor.edits.bases, report.items)) {
    const now = editor.items.get(indicator);
    if (now) {
      conflicts[indicator] =
        formatAnswer(now.unit, now.state, now.value) + (now.comment ? ` (« ${now.comment} »)` : "");
    }
  }

  const reload = async (focus = true) => {
    setReloadError(null);
    try {
      editor.reload(await getReport(code, period));
      // The banner with the button is gone: the save state says what happens next.
      if (focus) focusWhenShown(() => saveRef.current);
    } catch (error) {
      setReloadError(error);
    }
  };

  const act = async (action: "submit" | "validate" | "reopen", reason?: string) => {
    setActionError(null);
    setMissing([]);
    setNotice("");
    setBusy(true);
    try {
      if (action !== "reopen" && !(await editor.save())) {
        setActionError(
          new ApiError(409, {
            detail:
              editor.currentSaveState().kind === "conflict"
                ? "Des saisies ne sont pas enregistrées car quelqu'un d'autre a modifié le rapport : rechargez-le (bouton « Recharger le rapport ») avant de continuer."
                : "Des saisies ne sont pas enregistrées : corrigez ou complétez les champs signalés avant de continuer.",
          }),
        );
        return;
      }
      // The save just done moved the ETag: read it from the editor, not from this render.
      const next = await transition(code, period, action, editor.current().etag, reason);
      editor.adopt(next);
      if (action === "reopen") reopenModal.close();
      if (action === "submit") submitModal.close();
      if (action === "validate") validateModal.close();
      setNotice(
        action === "submit"
          ? "Le rapport est soumis : les organisations ne peuvent plus le modifier. Reste à le valider (par un autre valideur si le département en compte plusieurs)."
          : action === "validate"
            ? "Le rapport est validé : il est verrouillé et les ministères le voient comme définitif."
            : "Le rapport est rouvert : il est de nouveau en brouillon.",
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === "report_incomplete") {
        setMissing(((error.problem as { missing?: string[] }).missing ?? []).slice());
      }
      if (action === "reopen" && error instanceof ApiError && error.status === 422) throw error;
      if (action === "reopen") reopenModal.close();
      // The dialog closes on a refusal too: the alert above the table says why.
      if (action === "submit") submitModal.close();
      if (action === "validate") validateModal.close();
      if (error instanceof ApiError && error.status === 412) {
        // Someone else changed the report since it was read: show the current one (nothing typed is
        // pending here: it was saved just before) and let the user check it before trying again.
        await reload(false);
        setActionError(
          new ApiError(412, {
            detail:
              "Le rapport a été modifié par quelqu'un d'autre entre-temps : il vient d'être rechargé. Vérifiez-le puis recommencez.",
          }),
        );
        return;
      }
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const dueText =
    report.onTime === false && report.status === "draft"
      ? `En retard : à rendre au plus tard le ${formatDay(report.dueDate)}`
      : `À rendre au plus tard le ${formatDay(report.dueDate)}`;
  const windowText =
    report.memberEntryUntil && report.status === "draft"
      ? ` · saisie des organisations jusqu'au ${formatDay(report.memberEntryUntil)}`
      : "";

  return (
    <>
      <div className="app-report__header">
        <h1 className="fr-mb-1w">Rapport du {periodLabel(period)}</h1>
        <p className="fr-mb-1w">
          <span className="fr-mr-1w">Statut du rapport :</span>
          <Badge severity={statusSeverity[report.status]} noIcon className="fr-mr-1w app-report__status">
            {statusLabels[report.status]}
          </Badge>
          {report.status === "draft" && <span className="fr-text--sm">(non transmis)</span>}
          {peopleText(report) && (
            <span className="fr-text--sm fr-ml-1w app-report__people">{peopleText(report)}</span>
          )}
          {report.onTime === false && (
            <Badge severity="error" small className="fr-ml-1w">
              En retard
            </Badge>
          )}
        </p>
        <p
          className={report.onTime === false && report.status === "draft" ? "app-late fr-mb-1w" : "fr-mb-1w"}
        >
          {isPeriodOpen(period, todayInFrance())
            ? dueText + windowText
            : `Saisie à partir du ${formatDay(report.opensOn)}`}
          {report.submittedAt && report.reopenedAt && " · soumis de nouveau après réouverture"}
          {/* On time or late is decided by the first submission, not by a later one. */}
          {report.onTime === true &&
            (report.reopenedAt ? " (première soumission dans les délais)" : " (dans les délais)")}
        </p>
        <div className="app-progress fr-mb-2w">
          <label htmlFor="completeness" className="fr-text--sm fr-mb-0">
            Complétude : {percent(report.completeness)} ({typedAnswered} réponses sur {typedItems.length}{" "}
            indicateurs à saisir)
          </label>
          <progress id="completeness" max={100} value={Math.round((report.completeness ?? 0) * 100)}>
            {percent(report.completeness)}
          </progress>
        </div>
      </div>
      <ReportPrintTools code={code} report={report} />
      {editable && (
        <SaveIndicator
          ref={saveRef}
          state={editor.saveState}
          status={report.status}
          dirtyCount={editor.dirtyCount}
          onRetry={() => void editor.save()}
        />
      )}

      {lock && (
        <Alert
          className="fr-mb-3w"
          severity={lock.title.startsWith("Rapport validé") ? "info" : "warning"}
          as="h2"
          title={lock.title}
          description={lock.description}
        />
      )}
      {!lock && report.status === "submitted" && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          title="Rapport soumis, en attente de validation"
          description={`Soumis le ${formatInstantDay(report.submittedAt)}. ${isPrefecture ? "Vous pouvez encore corriger des valeurs avant de valider." : "Seule la préfecture peut encore corriger les valeurs."}`}
        />
      )}
      {report.status === "draft" && report.reopenReason && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          small
          description={`Rouvert le ${formatInstantDay(report.reopenedAt)} — motif : ${report.reopenReason}`}
        />
      )}
      {editor.saveState.kind === "conflict" && (
        <Alert
          className="fr-mb-3w"
          severity="error"
          title="Quelqu'un d'autre a modifié ce rapport"
          description={
            <>
              <p>
                Vos dernières saisies n'ont pas été enregistrées, mais elles restent affichées. Rechargez le
                rapport : vos saisies seront gardées et enregistrées par-dessus la version à jour, et chaque
                réponse modifiée entre-temps vous sera signalée.
              </p>
              <Button className="fr-mt-1w" onClick={() => void reload()}>
                Recharger le rapport
              </Button>
              <ErrorAlert error={reloadError} title="Le rechargement a échoué" />
            </>
          }
        />
      )}
      {notice && (
        <div ref={noticeRef} tabIndex={-1}>
          <Alert className="fr-mb-3w" severity="success" small description={notice} />
        </div>
      )}
      <ErrorAlert error={actionError} title="L'action a échoué" />
      {missing.length > 0 && (
        <div className="fr-mb-3w">
          <p className="fr-mb-1w">Indicateurs sans réponse :</p>
          <ul className="app-missing">
            {missing.map((m) => (
              <li key={m}>
                <a className="fr-link" href={`#${fieldId(m)}`}>
                  {m}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {editor.saveProblem !== null && editor.saveState.kind === "error" && (
        <ErrorAlert error={editor.saveProblem} title="L'enregistrement a échoué" />
      )}

      {isPrefecture && (
        <OrganisationProgress
          code={code}
          period={period}
          report={report}
          onChange={(next, text) => {
            editor.adopt(next);
            setNotice(text);
          }}
        />
      )}
      {memberOnly && (
        <MemberTodo
          code={code}
          period={period}
          report={report}
          onChange={(next, text) => {
            editor.adopt(next);
            setNotice(text);
          }}
        />
      )}

      <div className="app-report__tools fr-mb-3w">
        <div className="fr-input-group app-report__search">
          <label className="fr-label" htmlFor="recherche-indicateur">
            Rechercher un indicateur
            <span className="fr-hint-text">Code ou libellé, par exemple « N48-1 » ou « téléphone »</span>
          </label>
          <input
            id="recherche-indicateur"
            className="fr-input"
            type="search"
            value={query}
            onChange={(e) => setParam("q", e.target.value || null)}
          />
        </div>
        {!memberOnly && (
          <div className="fr-select-group app-report__responsible">
            <label className="fr-label" htmlFor="renseigne-par">
              Renseigné par
            </label>
            <select
              id="renseigne-par"
              className="fr-select"
              value={responsible}
              onChange={(e) => setParam("organisation", e.target.value || null)}
            >
              {responsibleChoices.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {myOrganisations.size > 0 && (
          <ToggleSwitch
            label="Mes indicateurs"
            helperText="Seulement ceux que votre organisation renseigne"
            checked={onlyMine}
            onChange={setOnlyMine}
            showCheckedHint={false}
            inputTitle="mes indicateurs seulement"
          />
        )}
        <ToggleSwitch
          label="Afficher seulement les indicateurs sans réponse"
          checked={onlyMissing !== null}
          onChange={(on) =>
            setOnlyMissing(on ? unansweredOf(report.items, editor.edits.dirty, editor.serverErrors) : null)
          }
          showCheckedHint={false}
          inputTitle="sans réponse seulement"
        />
      </div>

      <span id="indicateurs" />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-3">
          <SideMenu
            align="left"
            sticky
            burgerMenuButtonText="Aller à une mesure ou un axe"
            title="Sommaire"
            items={sections.map((section) => ({
              text: section.key === "national" ? section.title : `Plan départemental — ${section.title}`,
              linkProps: { href: `#titre-${section.key}` },
              expandedByDefault: false,
              items: section.groups.map((group) => ({
                text: group.title,
                linkProps: { href: `#${group.key}` },
              })),
            }))}
          />
        </div>
        <div className="fr-col-12 fr-col-lg-9">
          {sections.length === 0 && (
            <p>
              {onlyMissing
                ? onlyMine
                  ? "Tous vos indicateurs ont une réponse."
                  : "Tous les indicateurs ont une réponse."
                : onlyMine
                  ? "Aucun indicateur de ce trimestre n'est confié à votre organisation."
                  : responsible
                    ? `Aucun indicateur de ce trimestre n'est renseigné par ${responsible === PREFECTURE ? "la préfecture" : (responsibleChoices.find((o) => o.value === responsible)?.label ?? "cette organisation")}.`
                    : "Aucun indicateur attendu pour ce trimestre."}
            </p>
          )}
          {sections.map((section, index) => {
            const limit = rowLimit - (sectionStarts[index] ?? 0);
            if (limit <= 0) return null;
            return (
              <section key={section.key} className="fr-mb-5w" aria-labelledby={`titre-${section.key}`}>
                <h2 id={`titre-${section.key}`} className="fr-h4">
                  {section.key === "national" ? section.title : `Plan départemental — ${section.title}`}
                </h2>
                <IndicatorTable
                  caption={section.title}
                  groups={section.groups}
                  period={periodShort(period)}
                  previousLabel={previousLabel}
                  drafts={editor.edits.drafts}
                  dirty={editor.edits.dirty}
                  errors={editor.serverErrors}
                  conflicts={conflicts}
                  organisationNames={organisationNames}
                  myEmail={me?.user.email ?? ""}
                  onChange={editor.change}
                  onBlur={editor.blur}
                  onHistory={openHistory}
                  limit={limit}
                />
              </section>
            );
          })}
        </div>
      </div>

      {/* Stays at the bottom of the screen while scrolling: submitting never needs a way back up. */}
      <div className="app-report__actions">
        <WorkflowButtons
          report={report}
          isPrefecture={isPrefecture}
          busy={busy}
          missingCount={missingItems.length}
        />
      </div>

      <section className="fr-mb-5w" aria-labelledby="titre-fichiers">
        <h2 id="titre-fichiers" className="fr-h4">
          Export et import
        </h2>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a
              className="fr-btn fr-btn--secondary fr-icon-download-line"
              href={reportFileUrl(code, period, "csv")}
              download
            >
              Télécharger en CSV
            </a>
          </li>
          <li>
            <a
              className="fr-btn fr-btn--secondary fr-icon-download-line"
              href={reportFileUrl(code, period, "xlsx")}
              download
            >
              Télécharger en XLSX
            </a>
          </li>
        </ul>
        {editable && (
          <ImportForm
            code={code}
            period={period}
            beforeImport={editor.save}
            etag={() => editor.current().etag}
            onImported={(next) => editor.adopt(next)}
          />
        )}
      </section>

      <HistoryDialog code={code} period={period} item={historyOf} myEmail={me?.user.email ?? ""} />
      <ReopenDialog onReopen={(reason) => act("reopen", reason)} />
      <TransitionDialog
        modal={submitModal}
        text={submitText(report, { departmentName, myEmail: me?.user.email ?? "" })}
        busy={busy}
        onConfirm={() => act("submit")}
      />
      <TransitionDialog
        modal={validateModal}
        text={validateText(report, { departmentName, myEmail: me?.user.email ?? "" })}
        busy={busy}
        onConfirm={() => act("validate")}
      />
      <LeaveGuard
        hasPending={editor.hasPending}
        save={editor.save}
        reason={() => {
          const state = editor.currentSaveState();
          return state.kind === "conflict"
            ? "Quelqu'un d'autre a modifié ce rapport : rechargez-le pour enregistrer vos saisies par-dessus la version à jour."
            : state.kind === "invalid" || state.kind === "error"
              ? state.message.replace(/\.?$/, ".")
              : "L'enregistrement n'a pas abouti.";
        }}
      />
    </>
  );
}

function WorkflowButtons({
  report,
  isPrefecture,
  busy,
  missingCount,
}: {
  report: Report;
  isPrefecture: boolean;
  busy: boolean;
  missingCount: number;
}) {
  if (!isPrefecture) {
    return report.status === "draft" && !report.lock ? (
      <p className="fr-text--sm">
        La préfecture soumet puis valide le rapport une fois toutes les réponses saisies.
      </p>
    ) : null;
  }
  if (report.lock?.reason === "period_not_open") return null;
  return (
    <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
      {report.status === "draft" && (
        <li>
          <Button
            iconId="fr-icon-send-plane-line"
            disabled={busy || missingCount > 0}
            nativeButtonProps={submitModal.buttonProps}
          >
            {missingCount > 0
              ? `Soumettre (${countOf(missingCount, "réponse manquante", "réponses manquantes")})`
              : "Soumettre"}
          </Button>
        </li>
      )}
      {report.status === "submitted" && (
        <li>
          <Button iconId="fr-icon-check-line" disabled={busy} nativeButtonProps={validateModal.buttonProps}>
            Valider
          </Button>
        </li>
      )}
      {report.status !== "draft" && (
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-arrow-go-back-line"
            disabled={busy}
            nativeButtonProps={reopenModal.buttonProps}
          >
            Rouvrir
          </Button>
        </li>
      )}
    </ul>
  );
}
