import type { DueReminder, ReminderSource } from "../platform/reminders";
import { conventionsAwaitingSignature } from "./service";

export const CONVENTION_WAITING_DAYS = 14;

const partyNames = {
  sending: "la structure d'origine",
  host: "la structure d'accueil",
  trainee: "le stagiaire",
};

/**
 * A convention whose current signer was asked more than 14 days ago: to that party only (the
 * members of the signing organisation, or the trainee), once per turn (`awaitingSince` changes
 * when the turn passes or an amendment restarts the circuit).
 */
export const conventionsReminderSource: ReminderSource = {
  kinds: ["convention_awaiting_signature"],
  async due(db, run) {
    if (run.departmentCodes.length === 0) return [];
    const waiting = await conventionsAwaitingSignature(
      db,
      run.departmentCodes,
      CONVENTION_WAITING_DAYS,
      run.at,
    );
    return waiting.map(
      (w): DueReminder => ({
        departmentCode: w.departmentCode,
        kind: "convention_awaiting_signature",
        subject: w.conventionId,
        occurrence: `${w.party}@${w.awaitingSince}`,
        audience: {
          prefecture: false,
          organisationIds: w.organisationId ? [w.organisationId] : [],
          userIds: w.userId ? [w.userId] : [],
        },
        title: "Une convention de stage croisé attend votre signature",
        body: `Depuis plus de ${CONVENTION_WAITING_DAYS} jours, la convention attend la signature de ${partyNames[w.party]}. Relisez-la et signez-la, ou signalez ce qui bloque à vos interlocuteurs.`,
        reason: `c'est au tour de ${partyNames[w.party]} de signer cette convention`,
        link: `/departements/${w.departmentCode}/conventions/${w.conventionId}`,
      }),
    );
  },
};
