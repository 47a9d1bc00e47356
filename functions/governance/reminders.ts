import { nextPeriod, periodEnd, periodOf, periodStart } from "../../shared/periods";
import { codesJson, type DueReminder, type ReminderSource } from "../platform/reminders";
import { inNoPlenaryWindow } from "./domain/compliance";
import { reminderReads } from "./queries";

const fr = (day: string) => day.split("-").reverse().join("/");

/**
 * Governance reminders, one batch for the whole run:
 * - no plenary meeting in the quarter three weeks before it ends (to the prefecture, once a
 *   quarter). A plenary already planned later in the quarter counts: the prefecture has done
 *   what the reminder would ask;
 * - a follow-up action past its due date (to the prefecture and the owner organisation, once per
 *   due date: moving the date makes a new occurrence).
 */
export const governanceReminderSource: ReminderSource = {
  kinds: ["governance_no_plenary", "governance_actions_overdue"],
  async due(db, run) {
    if (run.departmentCodes.length === 0) return [];
    const period = periodOf(run.today);
    const [met, overdue] = await db.batch(
      reminderReads(
        db,
        codesJson(run.departmentCodes),
        periodStart(period),
        periodStart(nextPeriod(period)),
        run.today,
      ),
    );
    const due: DueReminder[] = [];
    if (inNoPlenaryWindow(period, run.today)) {
      const withPlenary = new Set(met.map((m) => m.departmentCode));
      for (const code of run.departmentCodes) {
        if (withPlenary.has(code)) continue;
        due.push({
          departmentCode: code,
          kind: "governance_no_plenary",
          subject: period,
          occurrence: "once",
          audience: { prefecture: true, organisationIds: [] },
          title: `Aucune séance plénière de l'instance de gouvernance ce trimestre`,
          body: `Le trimestre se termine le ${fr(periodEnd(period))} et aucune séance plénière n'est enregistrée. Les circulaires demandent au moins une réunion plénière par trimestre : planifiez-la ou enregistrez celle qui s'est tenue.`,
          reason: "la préfecture réunit l'instance de gouvernance (CLAV ou CDPD) du département",
          link: `/departements/${code}/gouvernance`,
        });
      }
    }
    for (const a of overdue) {
      due.push({
        departmentCode: a.departmentCode,
        kind: "governance_actions_overdue",
        subject: a.id,
        occurrence: a.dueOn,
        audience: { prefecture: true, organisationIds: [a.ownerOrganisationId] },
        title: `Action de suivi en retard : « ${a.title} »`,
        body: `L'action « ${a.title} », décidée par l'instance de gouvernance, devait être faite le ${fr(a.dueOn)}. Marquez-la « Fait » si elle l'est.`,
        reason: "votre organisation est responsable de cette action, ou la préfecture en assure le suivi",
        link: `/departements/${a.departmentCode}/gouvernance`,
      });
    }
    return due;
  },
};
