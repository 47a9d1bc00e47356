/** The professions an offer is meant for and an applicant declares (issue 8: a fixed list). */
export const PROFESSIONS = [
  "police",
  "gendarmerie",
  "justice",
  "social_work",
  "health",
  "education",
  "housing",
  "association",
  "local_authority",
  "other",
] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** What people set; "full" is never stored: it follows from accepted applications. */
export const OFFER_STATES = ["draft", "published", "closed"] as const;
export type OfferState = (typeof OFFER_STATES)[number];

export const APPLICATION_STATUSES = ["pending", "accepted", "declined", "withdrawn"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Contact fields of an offer; each may be hidden from other organisations until acceptance. */
export const CONTACT_FIELDS = ["name", "function", "email", "phone"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
