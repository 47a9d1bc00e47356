import type {
  ApplicationStatus,
  ContactField,
  OfferInput,
  OfferState,
  OfferStatus,
  Profession,
  Schedule,
} from "../../../shared/placements";
import type { Role } from "../../platform/context";
import type { FieldError } from "../../platform/errors";

/** Pure rules of offers and applications: no database, no HTTP (tested on their own). */

export type Contact = Record<ContactField, string>;

/** An offer as the rules see it (what queries.ts reads back). */
export type OfferFacts = {
  hostOrganisationId: string;
  state: OfferState;
  capacity: number;
  acceptedCount: number;
  publishFrom: string | null;
  publishUntil: string | null;
  schedule: Schedule;
  halfDays: number;
  contact: Contact;
  contactHidden: ContactField[];
};

/** Who asks: the roles and organisations the tenancy guard found for this département. */
export type Viewer = { userId: string; roles: readonly Role[]; organisationIds: readonly string[] };

export const isHost = (viewer: Viewer, offer: Pick<OfferFacts, "hostOrganisationId">) =>
  viewer.organisationIds.includes(offer.hostOrganisationId);
export const isPrefecture = (viewer: Viewer) => viewer.roles.includes("prefecture");

/** "full" follows from accepted applications; it is never stored. */
export function statusOf(offer: Pick<OfferFacts, "state" | "capacity" | "acceptedCount">): OfferStatus {
  if (offer.state === "published" && offer.acceptedCount >= offer.capacity) return "full";
  return offer.state;
}

/** Published, and today inside its publication window (bounds included). */
export function isOnBoard(offer: Pick<OfferFacts, "state" | "publishFrom" | "publishUntil">, today: string) {
  return (
    offer.state === "published" &&
    (offer.publishFrom === null || offer.publishFrom <= today) &&
    (offer.publishUntil === null || today <= offer.publishUntil)
  );
}

/**
 * Who sees an offer: its host's members and the prefecture always (drafts included); members of
 * other organisations while it is on the board, and afterwards if their organisation applied.
 */
export function canSee(viewer: Viewer, offer: OfferFacts, today: string, organisationApplied: boolean) {
  return isHost(viewer, offer) || isPrefecture(viewer) || isOnBoard(offer, today) || organisationApplied;
}

/**
 * The contact as this viewer may receive it: a hidden field is left out altogether (not blanked)
 * unless the viewer is of the host organisation or of an organisation whose application was accepted.
 * The prefecture is another organisation too: it gets what every reader gets.
 */
export function contactFor(
  offer: Pick<OfferFacts, "contact" | "contactHidden" | "hostOrganisationId">,
  viewer: Viewer,
  organisationAccepted: boolean,
): Partial<Contact> {
  const all = isHost(viewer, offer) || organisationAccepted;
  const out: Partial<Contact> = {};
  for (const [field, value] of Object.entries(offer.contact) as [ContactField, string][]) {
    if (all || !offer.contactHidden.includes(field)) out[field] = value;
  }
  return out;
}

/** First and last day of a schedule (what list filters and application dates compare with). */
export function bounds(schedule: Schedule): { start: string; end: string } {
  if (schedule.kind === "period") return { start: schedule.start, end: schedule.end };
  const sorted = [...schedule.dates].sort();
  return { start: sorted[0] as string, end: sorted.at(-1) as string };
}

/** The errors of an offer as a whole (the shape is zod's): field pointers in the request body. */
export function offerErrors(input: OfferInput, acceptedCount = 0): FieldError[] {
  const errors: FieldError[] = [];
  const at = (pointer: string, detail: string) => errors.push({ in: "body", pointer, detail });
  const s = input.schedule;
  if (s.kind === "period" && s.end < s.start) at("/schedule/end", "La fin précède le début de la période.");
  if (s.kind === "dates" && input.halfDays > 2 * s.dates.length)
    at("/halfDays", `Au plus ${2 * s.dates.length} demi-journées sur ${s.dates.length} jour(s).`);
  if (input.publishFrom && input.publishUntil && input.publishUntil < input.publishFrom)
    at("/publishUntil", "La fin de publication précède son début.");
  if (input.capacity < acceptedCount)
    at("/capacity", `${acceptedCount} place(s) déjà attribuée(s) : la capacité ne peut pas être inférieure.`);
  for (const field of input.contactHidden)
    if (input.contact[field] === "")
      at(`/contact/${field}`, "Un champ masqué jusqu'à l'acceptation doit être renseigné.");
  if (Object.values(input.contact).every((v) => v === ""))
    at("/contact/email", "Indiquez au moins un moyen de contact.");
  return errors;
}

/** The errors of the dates an applicant wants: in order, inside the offer's dates or period. */
export function applicationDateErrors(
  schedule: Schedule,
  wanted: { wantedStart: string; wantedEnd: string },
): FieldError[] {
  const { start, end } = bounds(schedule);
  if (wanted.wantedEnd < wanted.wantedStart)
    return [{ in: "body", pointer: "/wantedEnd", detail: "La fin précède le début." }];
  const errors: FieldError[] = [];
  if (wanted.wantedStart < start || wanted.wantedStart > end)
    errors.push({
      in: "body",
      pointer: "/wantedStart",
      detail: `Hors des dates de l'offre (${start} – ${end}).`,
    });
  if (wanted.wantedEnd > end || wanted.wantedEnd < start)
    errors.push({
      in: "body",
      pointer: "/wantedEnd",
      detail: `Hors des dates de l'offre (${start} – ${end}).`,
    });
  return errors;
}

/** Which transitions an application allows: a decision only while pending; withdrawal while live. */
export const canDecide = (status: ApplicationStatus) => status === "pending";
export const canWithdraw = (status: ApplicationStatus) => status === "pending" || status === "accepted";

/** Why an offer takes no application now (null: it does). */
export function applyRefusal(offer: OfferFacts, today: string): { code: string; detail: string } | null {
  if (offer.state === "closed") return { code: "offer_closed", detail: "Cette offre est clôturée." };
  if (!isOnBoard(offer, today))
    return { code: "offer_not_open", detail: "Cette offre n'est pas ouverte aux candidatures." };
  if (statusOf(offer) === "full") return { code: "offer_full", detail: "Cette offre est complète." };
  return null;
}

export type ProfessionCount = Partial<Record<Profession, number>>;
