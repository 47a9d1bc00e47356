import { placementApplications, placementOffers } from "../functions/placements/schema";
import { newId } from "../functions/platform/ids";
import type { Profession } from "../shared/placements";
import { db } from "./factories";

/**
 * Placements rows written straight into D1, for the tests of what follows an accepted application
 * (conventions): an offer of `hostOrganisationId` and an application by `applicant` for their
 * organisation, in the status asked for (accepted by default, counted in the offer).
 */
export async function acceptedApplication(
  departmentCode: string,
  options: {
    hostOrganisationId: string;
    applicantUserId: string;
    applicantOrganisationId: string;
    profession?: Profession;
    status?: "pending" | "accepted" | "declined" | "withdrawn";
    wantedStart?: string;
    wantedEnd?: string;
    communeInseeCode?: string;
    service?: string;
    description?: string;
  },
) {
  const now = new Date().toISOString();
  const offerId = newId();
  const id = newId();
  const status = options.status ?? "accepted";
  const wantedStart = options.wantedStart ?? "2026-10-12";
  const wantedEnd = options.wantedEnd ?? "2026-10-13";
  await db().batch([
    db()
      .insert(placementOffers)
      .values({
        departmentCode,
        id: offerId,
        hostOrganisationId: options.hostOrganisationId,
        service: options.service ?? "Service d'aide aux victimes",
        title: "Découvrir l'accompagnement des victimes",
        description:
          options.description ?? "Accueil des victimes, accompagnement vers la plainte, audiences.",
        communeInseeCode: options.communeInseeCode ?? "62041",
        halfDays: 4,
        dateMode: "period",
        periodStart: wantedStart,
        periodEnd: wantedEnd,
        capacity: 2,
        acceptedCount: status === "accepted" ? 1 : 0,
        state: "published",
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      }),
    db()
      .insert(placementApplications)
      .values({
        departmentCode,
        id,
        offerId,
        applicantUserId: options.applicantUserId,
        applicantOrganisationId: options.applicantOrganisationId,
        profession: options.profession ?? "gendarmerie",
        wantedStart,
        wantedEnd,
        motivation: "Mieux orienter les victimes reçues à la brigade.",
        status,
        decidedAt: status === "pending" ? null : now,
        createdAt: now,
        updatedAt: now,
      }),
  ]);
  return { id, offerId };
}
