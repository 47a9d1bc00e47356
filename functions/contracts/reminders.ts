import { addDays } from "../../shared/periods";
import { codesJson, type DueReminder, type ReminderSource } from "../platform/reminders";
import { contractsEndingWithin } from "./queries";

export const CONTRACT_ENDING_DAYS = 90;

const fr = (day: string) => day.split("-").reverse().join("/");

/** A contract in force ending within 90 days: the prefecture and the carrier, once per end date. */
export const contractsReminderSource: ReminderSource = {
  kinds: ["contract_ending"],
  async due(db, run) {
    if (run.departmentCodes.length === 0) return [];
    const rows = await contractsEndingWithin(
      db,
      codesJson(run.departmentCodes),
      run.today,
      addDays(run.today, CONTRACT_ENDING_DAYS),
    );
    return rows.map(
      (c): DueReminder => ({
        departmentCode: c.departmentCode,
        kind: "contract_ending",
        subject: c.id,
        // An amendment that moves the end date makes a new occurrence.
        occurrence: c.endsOn,
        audience: { prefecture: true, organisationIds: [c.carrierOrganisationId] },
        title: `Le contrat local « ${c.title} » prend fin le ${fr(c.endsOn)}`,
        body: `Le contrat local « ${c.title} » arrive à échéance le ${fr(c.endsOn)}. Préparez son renouvellement ou un avenant.`,
        reason: "votre organisation porte ce contrat ou la préfecture en assure le suivi",
        link: `/departements/${c.departmentCode}/contrats/${c.id}`,
      }),
    );
  },
};
