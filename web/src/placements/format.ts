import type { Offer, Schedule } from "../../../shared/placements";

const day = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "12 mars 2030" from an ISO day. */
export const frenchDay = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));

/** The dates of an offer in words: its days, or its period. */
export function scheduleText(schedule: Schedule): string {
  if (schedule.kind === "dates") return [...schedule.dates].sort().map(frenchDay).join(", ");
  return `entre le ${frenchDay(schedule.start)} et le ${frenchDay(schedule.end)}`;
}

/** "2 places sur 3" / "complète". */
export function placesText(offer: Pick<Offer, "placesLeft" | "capacity">): string {
  if (offer.placesLeft === 0) return "Aucune place restante";
  return `${offer.placesLeft} place${offer.placesLeft > 1 ? "s" : ""} restante${offer.placesLeft > 1 ? "s" : ""} sur ${offer.capacity}`;
}

export const halfDaysText = (n: number) => `${n} demi-journée${n > 1 ? "s" : ""}`;

export const stagesPath = (code: string) => `/departements/${code}/stages`;
