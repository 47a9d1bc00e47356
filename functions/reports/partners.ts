import { isNull, ne, or } from "drizzle-orm";
import { parisDate } from "../../shared/periods";
import { actorUserId, auditEvent } from "../platform/audit";
import type { Actor, Tenant } from "../platform/context";
import { AppError, notFound } from "../platform/errors";
import type { Services } from "../platform/services";
import type { OrganisationProgress } from "./domain/progress";
import { recipientsOf } from "./queries";
import { reportOrganisationStatus } from "./schema";
import { type Loaded, load, viewOf } from "./service";
import type { ReportView } from "./view";

/**
 * The partners' side of a quarter report: an organisation says its part is done ("J'ai terminé",
 * the prefecture is told by e-mail), the prefecture reminds an organisation ("Relancer": an
 * e-mail to its members now, at most once a day per organisation).
 */

const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** "1er novembre 2026", "21 octobre 2026". */
export function frenchDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${d === 1 ? "1er" : d} ${MONTHS[m - 1]} ${y}`;
}

/** "T3 2026" for "2026-Q3". */
const quarterLabel = (period: string) => `T${period.slice(-1)} ${period.slice(0, 4)}`;

/** The organisation's deadline: the members' window when set, else the report's due date. */
export const deadlineOf = (view: Pick<ReportView, "memberEntryUntil" | "dueDate">) =>
  view.memberEntryUntil ?? view.dueDate;

function partOf(view: ReportView, organisationId: string): OrganisationProgress {
  const part = view.organisations.find((o) => o.organisationId === organisationId);
  if (!part) throw notFound("Cette organisation ne renseigne aucun indicateur de ce rapport.");
  return part;
}

function requireDraft(view: ReportView) {
  if (view.lock?.reason === "period_not_open") {
    throw new AppError(409, "period_not_open", `Le trimestre ${view.period} n'est pas encore ouvert.`);
  }
  if (view.status !== "draft") {
    throw new AppError(
      409,
      "invalid_transition",
      `Le rapport ${view.period} est déjà ${view.status === "validated" ? "validé" : "soumis"} : la saisie des organisations est terminée.`,
    );
  }
}

const withPart = (
  loaded: Loaded,
  organisationId: string,
  fields: { doneAt?: string; remindedAt?: string },
) => {
  const organisations = new Map(loaded.organisations);
  const before = organisations.get(organisationId);
  if (before) organisations.set(organisationId, { ...before, ...fields });
  return { ...loaded, organisations };
};

/**
 * "J'ai terminé": records that the organisation's part is done (every indicator it answers has an
 * answer) and tells the prefecture users of the département by e-mail. Saying it twice changes
 * nothing and sends nothing.
 */
export async function markOrganisationDone(
  s: Services,
  tenant: Tenant,
  actor: Actor,
  period: string,
  organisationId: string,
  origin: string,
): Promise<ReportView> {
  const userId = actorUserId(actor);
  const loaded = await load(s, tenant.departmentCode, period, userId);
  const view = viewOf(s, tenant, loaded);
  const isPrefecture = tenant.roles.includes("prefecture");
  if (!isPrefecture && !tenant.organisationIds.includes(organisationId)) {
    throw new AppError(403, "not_responsible", "Vous ne pouvez terminer que la part de votre organisation.");
  }
  const part = partOf(view, organisationId);
  requireDraft(view);
  if (part.doneAt) return view;
  const missing = view.items.filter(
    (i) => !i.derived && i.responsibleOrganisationId === organisationId && i.state === null,
  );
  if (missing.length) {
    const codes = missing.map((i) => i.indicator);
    throw new AppError(
      422,
      "report_incomplete",
      `Il reste ${missing.length === 1 ? "un indicateur" : `${missing.length} indicateurs`} sans réponse (${codes.slice(0, 10).join(", ")}) : saisissez une valeur ou indiquez « non applicable » ou « non disponible ».`,
      { extra: { missing: codes } },
    );
  }
  const now = s.clock.now().toISOString();
  const { db } = s;
  const code = tenant.departmentCode;
  await db.batch([
    db
      .insert(reportOrganisationStatus)
      .values({ departmentCode: code, period, organisationId, doneAt: now, doneBy: userId })
      .onConflictDoUpdate({
        target: [
          reportOrganisationStatus.departmentCode,
          reportOrganisationStatus.period,
          reportOrganisationStatus.organisationId,
        ],
        set: { doneAt: now, doneBy: userId },
      }),
    auditEvent(s, actor, {
      departmentCode: code,
      action: "report.organisation.done",
      entityType: "report",
      entityId: period,
      after: { organisationId, answered: part.answered, assigned: part.assigned },
    }),
  ]);
  const recipients = (await recipientsOf(db, code)).filter((r) => r.role === "prefecture");
  const link = `${origin}/departements/${code}/trimestres/${period}?organisation=${organisationId}`;
  for (const r of recipients) {
    await s.mailer.send({
      to: r.email,
      subject: `${part.name} a terminé sa saisie du rapport ${quarterLabel(period)}`,
      text: [
        "Bonjour,",
        "",
        `${part.name} indique avoir terminé sa saisie pour le rapport ${quarterLabel(period)} du département ${code} : ${part.assigned === 1 ? "son indicateur est renseigné" : `ses ${part.assigned} indicateurs sont renseignés`}${loaded.writerEmail ? ` (par ${loaded.writerEmail})` : ""}.`,
        "",
        `Relire ses réponses : ${link}`,
        "",
        "Maillage",
      ].join("\n"),
      idempotencyKey: `report-done:${code}:${period}:${organisationId}:${now}:${r.userId}`,
    });
  }
  return viewOf(s, tenant, withPart(loaded, organisationId, { doneAt: now }));
}

/**
 * "Relancer": an e-mail now to the organisation's active members with what remains and their
 * deadline. At most once a day (French calendar day) per organisation: the day is claimed with
 * one conditional write, and each mail carries an idempotency key of that day.
 */
export async function remindOrganisation(
  s: Services,
  tenant: Tenant,
  actor: Actor,
  period: string,
  organisationId: string,
  origin: string,
): Promise<ReportView> {
  const loaded = await load(s, tenant.departmentCode, period);
  const view = viewOf(s, tenant, loaded);
  const part = partOf(view, organisationId);
  requireDraft(view);
  if (part.doneAt) {
    throw new AppError(
      409,
      "already_done",
      `${part.name} a déjà terminé sa saisie : inutile de la relancer.`,
    );
  }
  const { db } = s;
  const code = tenant.departmentCode;
  const members = (await recipientsOf(db, code)).filter(
    (r) => r.role === "member" && r.organisationId === organisationId,
  );
  if (members.length === 0) {
    throw new AppError(
      422,
      "no_member",
      `${part.name} n'a aucun membre actif dans Maillage : ajoutez-en un (page Membres) pour pouvoir la relancer.`,
    );
  }
  const now = s.clock.now().toISOString();
  const today = parisDate(now);
  const claimed = await db
    .insert(reportOrganisationStatus)
    .values({ departmentCode: code, period, organisationId, remindedAt: now, remindedOn: today })
    .onConflictDoUpdate({
      target: [
        reportOrganisationStatus.departmentCode,
        reportOrganisationStatus.period,
        reportOrganisationStatus.organisationId,
      ],
      set: { remindedAt: now, remindedOn: today },
      setWhere: or(
        isNull(reportOrganisationStatus.remindedOn),
        ne(reportOrganisationStatus.remindedOn, today),
      ),
    })
    .returning({ remindedAt: reportOrganisationStatus.remindedAt });
  if (claimed.length === 0) {
    throw new AppError(
      409,
      "already_reminded",
      `${part.name} a déjà été relancée aujourd'hui : une relance par jour au plus.`,
      { extra: { remindedAt: part.remindedAt } },
    );
  }
  await auditEvent(s, actor, {
    departmentCode: code,
    action: "report.organisation.remind",
    entityType: "report",
    entityId: period,
    after: { organisationId, answered: part.answered, assigned: part.assigned },
  });
  const left = part.assigned - part.answered;
  const deadline = deadlineOf(view);
  const link = `${origin}/departements/${code}/trimestres/${period}?organisation=${organisationId}`;
  for (const m of members) {
    await s.mailer.send({
      to: m.email,
      subject: `Rapport ${quarterLabel(period)} : ${left === 1 ? "un indicateur reste" : `${left} indicateurs restent`} à renseigner pour ${part.name}`,
      text: [
        "Bonjour,",
        "",
        `La préfecture vous rappelle que ${part.name} a renseigné ${part.answered} de ses ${part.assigned} indicateurs pour le rapport ${quarterLabel(period)} du département ${code}.`,
        `Merci de compléter votre saisie au plus tard le ${frenchDay(deadline)}, puis d'indiquer « J'ai terminé ».`,
        "",
        `Continuer la saisie : ${link}`,
        "",
        "Maillage",
      ].join("\n"),
      idempotencyKey: `report-reminder:${code}:${period}:${organisationId}:${today}:${m.userId}`,
    });
  }
  return viewOf(s, tenant, withPart(loaded, organisationId, { remindedAt: now }));
}
