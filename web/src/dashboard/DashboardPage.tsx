import { Badge } from "@codegouvfr/react-dsfr/Badge";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Dashboard } from "../../../shared/dashboard";
import { api } from "../api";
import { useSession } from "../session";
import { ErrorAlert } from "../ui/ErrorAlert";
import { countOf, formatFrenchDay } from "../ui/french";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { dueIn, pendingFirst, percent, quarterLabel } from "./model";

const reportStatus = {
  draft: { label: "Brouillon", severity: "new" },
  submitted: { label: "Soumis", severity: "info" },
  validated: { label: "Validé", severity: "success" },
} as const;

const reminderStatus = {
  queued: { label: "En file", severity: "info" },
  sent: { label: "Envoyée", severity: "success" },
  failed: { label: "Échec", severity: "error" },
} as const;

// Labels kept here rather than imported from shared/: those modules bring zod into the first load.
const meetingKinds = { plenary: "séance plénière", thematic: "groupe thématique" };

const partyLabels = { sending: "structure d'origine", host: "structure d'accueil", trainee: "stagiaire" };

// A meeting's Paris wall-clock time, formatted as is ("12 novembre 2026 à 14:00"): read as UTC, shown as UTC.
const wallClock = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});
const meetingTime = (startsAt: string) => wallClock.format(new Date(`${startsAt}:00Z`));

const instantDay = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

/** One block of the dashboard: a DSFR card whose title is the section's h2. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="fr-col-12 fr-col-lg-6" aria-labelledby={id}>
      <div className="fr-card fr-card--no-arrow">
        <div className="fr-card__body">
          <div className="fr-card__content">
            <h2 id={id} className="fr-h5 fr-mb-2w">
              {title}
            </h2>
            {children}
          </div>
        </div>
      </div>
    </section>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <p className="fr-text--sm fr-mb-1w">{children}</p>;

/**
 * The département's home content (mounted by departments/DepartmentPage.tsx under its h1): what
 * the département (or, for a member, their organisation) must do now, each item a link to the page
 * to act on.
 */
export function DashboardPage({ code }: { code: string }) {
  const { me } = useSession();
  const loaded = useLoad(
    (signal) => api.get<Dashboard>(`/departments/${code}/dashboard`, undefined, signal),
    [code],
  );
  if (loaded.loading) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const { today, scope, sections, organisationIds } = loaded.data;
  const { reports, governance, contracts, conventions, reminders } = sections;
  const mine = organisationIds.map(
    (id) => me?.memberships.find((m) => m.organisationId === id)?.organisationName ?? "votre organisation",
  );
  const { pending, finished } = pendingFirst(reports.organisations);
  const member = scope === "organisation";

  return (
    <div data-testid="dashboard">
      <p className="fr-text--lead fr-mb-1w">Ce qu'il faut faire maintenant</p>
      <p className="fr-mb-3w">
        Au {formatFrenchDay(today)}
        {member && mine.length > 0 && <> — pour {mine.join(", ")}</>}.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-5w">
        <Section id="tdb-rapport" title={`Rapport du ${quarterLabel(reports.period)}`}>
          <p className="fr-mb-1w">
            <Badge severity={reportStatus[reports.status].severity} small noIcon className="fr-mr-1w">
              {reportStatus[reports.status].label}
            </Badge>
            {reports.overdue && (
              <Badge severity="error" small>
                En retard
              </Badge>
            )}
          </p>
          <p className="fr-mb-1w">
            {member ? "À renseigner au plus tard le " : "À rendre le "}
            <strong>{formatFrenchDay(reports.deadline)}</strong>
            {reports.status === "draft" && <> ({dueIn(today, reports.deadline)})</>}.{" "}
            {member ? "Vos indicateurs renseignés : " : "Complétude : "}
            <strong>{percent(reports.completeness)}</strong>.
          </p>
          {reports.organisations.length === 0 ? (
            <Empty>Aucune organisation n'a d'indicateur à renseigner ce trimestre.</Empty>
          ) : pending.length === 0 ? (
            <Empty>
              {member ? "Votre part est terminée." : "Toutes les organisations ont terminé leur saisie."}
            </Empty>
          ) : (
            <>
              <p className="fr-text--sm fr-mb-1w">
                {member ? "À terminer :" : `Pas encore terminé (${pending.length}) :`}
              </p>
              <ul className="fr-mb-1w">
                {pending.map((o) => (
                  <li key={o.organisationId}>
                    {o.name} : {o.answered} sur{" "}
                    {countOf(o.assigned, "indicateur renseigné", "indicateurs renseignés")}
                    {o.remindedAt && (
                      <span className="fr-text--xs">
                        {" "}
                        — relancée le {instantDay.format(new Date(o.remindedAt))}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {finished.length > 0 && pending.length > 0 && (
            <p className="fr-text--sm fr-mb-1w">
              {countOf(finished.length, "organisation a terminé", "organisations ont terminé")}.
            </p>
          )}
          <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={reports.link}>
            {member ? "Saisir mes indicateurs" : `Ouvrir le rapport du ${quarterLabel(reports.period)}`}
          </Link>
          <br />
          <Link className="fr-link fr-text--sm" to={`/departements/${code}/trimestres`}>
            Rapports trimestriels : tous les trimestres
          </Link>
        </Section>

        <Section id="tdb-gouvernance" title={`Instance de gouvernance — ${quarterLabel(governance.period)}`}>
          <div data-testid="dashboard-governance">
            <div
              className={`fr-alert fr-alert--sm fr-mb-2w fr-alert--${governance.flagged ? "warning" : "success"}`}
            >
              <p>
                {governance.flagged
                  ? "Pas de réunion plénière ce trimestre pour l'instant."
                  : `${countOf(governance.plenaryMeetings, "séance plénière tenue", "séances plénières tenues")} ce trimestre.`}
              </p>
            </div>
          </div>
          {!governance.bodyDesignated && (
            <p className="fr-mb-1w">
              <Badge severity="warning" small>
                Aucune instance désignée
              </Badge>
            </p>
          )}
          <p className="fr-mb-1w">
            {governance.nextMeeting ? (
              <>
                Prochaine réunion : {meetingKinds[governance.nextMeeting.kind]}
                {governance.nextMeeting.groupName && <> « {governance.nextMeeting.groupName} »</>} le{" "}
                {meetingTime(governance.nextMeeting.startsAt)}
                {governance.nextMeeting.location && <>, {governance.nextMeeting.location}</>}.
              </>
            ) : (
              "Aucune réunion prévue."
            )}
          </p>
          <Link
            className="fr-link fr-icon-arrow-right-line fr-link--icon-right"
            to={`${governance.link}#reunions`}
          >
            {member ? "Voir les réunions" : "Enregistrer ou voir les réunions"}
          </Link>
        </Section>

        <Section id="tdb-actions" title="Actions de suivi à échéance">
          {governance.actionsDue.length === 0 ? (
            <Empty>Aucune action en retard ni à échéance dans les 14 jours.</Empty>
          ) : (
            <ul className="fr-mb-1w">
              {governance.actionsDue.map((a) => (
                <li key={a.id}>
                  <Link to={a.link}>{a.title}</Link> — {a.owner.name}, échéance le {formatFrenchDay(a.dueOn)}{" "}
                  <Badge severity={a.overdue ? "error" : "warning"} small noIcon>
                    {a.overdue ? "En retard" : dueIn(today, a.dueOn)}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section id="tdb-contrats" title="Contrats à suivre">
          <h3 className="fr-text--md fr-text--bold fr-mb-1w">Arrivant à échéance (90 jours)</h3>
          {contracts.endingSoon.length === 0 ? (
            <Empty>Aucun contrat n'arrive à échéance dans les 90 jours.</Empty>
          ) : (
            <ul className="fr-mb-2w">
              {contracts.endingSoon.map((c) => (
                <li key={c.id}>
                  <Link to={c.link}>{c.title}</Link> ({c.carrier.name}) : fin le {formatFrenchDay(c.endsOn)}
                </li>
              ))}
            </ul>
          )}
          <h3 className="fr-text--md fr-text--bold fr-mb-1w">
            {member ? "À signer par votre organisation" : "En attente de signatures"}
          </h3>
          {contracts.awaitingSignature.length === 0 ? (
            <Empty>Aucun contrat en attente de signature.</Empty>
          ) : (
            <ul className="fr-mb-2w">
              {contracts.awaitingSignature.map((c) => (
                <li key={c.id}>
                  <Link to={c.link}>{c.title}</Link> : signature attendue de{" "}
                  {c.missing.map((m) => m.name).join(", ")}
                </li>
              ))}
            </ul>
          )}
          <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={contracts.link}>
            Contrats locaux du département
          </Link>
        </Section>

        <Section id="tdb-conventions" title="Conventions de stage en attente de signature">
          {conventions.awaitingSignature.length === 0 ? (
            <Empty>Aucune convention en attente de signature.</Empty>
          ) : (
            <ul className="fr-mb-1w">
              {conventions.awaitingSignature.map((c) => (
                <li key={c.id}>
                  <Link to={c.link}>
                    Convention de {c.trainee} ({c.sending.name} → {c.host.name})
                  </Link>{" "}
                  : au tour de {c.awaitingWho} ({partyLabels[c.party]}) depuis le{" "}
                  {instantDay.format(new Date(c.awaitingSince))}
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section
          id="tdb-relances"
          title={member ? "Dernières relances reçues" : "Dernières relances envoyées"}
        >
          {reminders.items.length === 0 ? (
            <Empty>Aucune relance envoyée pour l'instant.</Empty>
          ) : (
            <ul className="fr-mb-1w">
              {reminders.items.map((r) => (
                <li key={r.id}>
                  <Link to={r.link}>{r.title}</Link>{" "}
                  <Badge severity={reminderStatus[r.status].severity} small noIcon>
                    {reminderStatus[r.status].label}
                  </Badge>
                  <br />
                  <span className="fr-text--xs">
                    {r.sentAt ? "Envoyée" : "Créée"} le {instantDay.format(new Date(r.sentAt ?? r.createdAt))}
                    {!member && <> à {r.recipient}</>}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {reminders.link && (
            <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={reminders.link}>
              Journal des relances
            </Link>
          )}
        </Section>
      </div>
    </div>
  );
}
