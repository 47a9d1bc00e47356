// Demo cross-training placements ("stages croisés") for the local D1: a few offers of Pas-de-Calais
// organisations and one pending application, so a new user sees the board, an offer and the host's
// inbox working. Idempotent: rows are inserted only when absent, never overwritten.
import { type DemoOrg, demoOrganisations, q, SEEDED_AT } from "./seed-data.ts";

const offerId = (n: number) => `00000000-0062-7000-8004-${String(n).padStart(12, "0")}`;
const applicationId = (n: number) => `00000000-0062-7000-8005-${String(n).padStart(12, "0")}`;

/** The id of a demo organisation, by its natural key (it may predate the seed with another id). */
const orgOf = (index: number) => {
  const org = demoOrganisations[index] as DemoOrg;
  const key = org.siren
    ? `siren = ${q(org.siren)}`
    : org.rna
      ? `rna = ${q(org.rna)}`
      : `siret = ${q(org.siret ?? "")}`;
  return `(select id from organisations where department_code = '62' and ${key})`;
};

type DemoOffer = {
  n: number;
  host: number;
  title: string;
  service: string;
  description: string;
  professions: string[];
  commune: string;
  halfDays: number;
  schedule: { kind: "period"; start: string; end: string } | { kind: "dates"; dates: string[] };
  capacity: number;
  state: "draft" | "published";
  contact: [string, string, string, string];
};

/** France Victimes 62 offers 2 places; the hospital, the prosecutor's office and a CIDFF draft. */
export const demoOffers: DemoOffer[] = [
  {
    n: 1,
    host: 5,
    title: "Accueillir et accompagner les victimes",
    service: "Service d'aide aux victimes d'Arras",
    description:
      "Assister aux premiers entretiens, à l'orientation vers le dépôt de plainte et à l'accompagnement aux audiences ; échanger avec les juristes et la psychologue du service.",
    professions: ["gendarmerie", "police", "social_work"],
    commune: "62041",
    halfDays: 4,
    schedule: { kind: "period", start: "2027-01-04", end: "2027-06-30" },
    capacity: 2,
    state: "published",
    contact: ["Claire Petit", "Juriste, coordinatrice", "accueil@france-victimes-62.test", "03 21 00 00 62"],
  },
  {
    n: 2,
    host: 7,
    title: "Une journée à l'unité médico-judiciaire",
    service: "Unité médico-judiciaire",
    description:
      "Voir comment se déroulent l'examen médico-légal, la rédaction du certificat et le lien avec les enquêteurs.",
    professions: ["police", "gendarmerie", "justice"],
    commune: "62041",
    halfDays: 2,
    schedule: { kind: "dates", dates: ["2027-02-09"] },
    capacity: 1,
    state: "published",
    contact: ["Dr Martin", "Médecin légiste", "umj@ch-arras.test", "03 21 00 00 08"],
  },
  {
    n: 3,
    host: 8,
    title: "Audiences de violences intrafamiliales",
    service: "Parquet, pôle VIF",
    description: "Suivre une audience dédiée et son débriefing avec la substitute référente.",
    professions: ["social_work", "association", "health", "local_authority"],
    commune: "62041",
    halfDays: 2,
    schedule: { kind: "period", start: "2027-03-01", end: "2027-05-31" },
    capacity: 3,
    state: "published",
    contact: ["Secrétariat du parquet", "", "parquet-vif@justice.test", ""],
  },
  {
    n: 4,
    host: 6,
    title: "Permanences juridiques (brouillon)",
    service: "Permanence d'Arras",
    description: "Observer une permanence d'information juridique sur les droits des femmes.",
    professions: ["other"],
    commune: "62041",
    halfDays: 1,
    schedule: { kind: "period", start: "2027-04-01", end: "2027-04-30" },
    capacity: 2,
    state: "draft",
    contact: ["Accueil du CIDFF", "", "contact@cidff62.test", ""],
  },
];

export function demoPlacementStatements(): string[] {
  const out: string[] = [];
  for (const o of demoOffers) {
    const id = q(offerId(o.n));
    const host = orgOf(o.host);
    const { start, end } =
      o.schedule.kind === "period"
        ? o.schedule
        : { start: o.schedule.dates[0] as string, end: o.schedule.dates.at(-1) as string };
    const dates = o.schedule.kind === "dates" ? q(JSON.stringify(o.schedule.dates)) : "null";
    const [name, fn, email, phone] = o.contact;
    const absent = `not exists (select 1 from placement_offers where department_code = '62' and id = ${id})`;
    // Professions first, then the offer: the offer's row marks the whole as seeded.
    for (const p of o.professions)
      out.push(
        `insert into placement_offer_professions (department_code, offer_id, profession) select '62', ${id}, ${q(p)} where ${absent} on conflict do nothing;`,
      );
    out.push(
      `insert into placement_offers (department_code, id, host_organisation_id, service, title, description, commune_insee_code, half_days, date_mode, dates, period_start, period_end, capacity, accepted_count, contact_name, contact_name_hidden, contact_function, contact_function_hidden, contact_email, contact_email_hidden, contact_phone, contact_phone_hidden, state, published_at, created_at, updated_at, version)
select '62', ${id}, ${host}, ${q(o.service)}, ${q(o.title)}, ${q(o.description)}, ${q(o.commune)}, ${o.halfDays}, ${q(o.schedule.kind)}, ${dates}, ${q(start)}, ${q(end)}, ${o.capacity}, 0, ${q(name)}, 0, ${q(fn)}, 0, ${q(email)}, ${email ? 1 : 0}, ${q(phone)}, ${phone ? 1 : 0}, ${q(o.state)}, ${o.state === "published" ? q(SEEDED_AT) : "null"}, ${q(SEEDED_AT)}, ${q(SEEDED_AT)}, 1
where ${host} is not null and ${absent}
on conflict do nothing;`,
    );
  }
  // The CU d'Arras (demo user collectivite-62@) applies to France Victimes 62's offer: the host's inbox has one.
  out.push(
    `insert into placement_applications (department_code, id, offer_id, applicant_user_id, applicant_organisation_id, profession, wanted_start, wanted_end, motivation, status, created_at, updated_at, version)
select '62', ${q(applicationId(1))}, ${q(offerId(1))}, u.id, ${orgOf(1)}, 'local_authority', '2027-02-01', '2027-02-02', ${q("Mieux orienter les victimes reçues par le CISPD vers l'aide aux victimes.")}, 'pending', ${q(SEEDED_AT)}, ${q(SEEDED_AT)}, 1
from users u where u.email = 'collectivite-62@maillage.test'
and exists (select 1 from placement_offers where department_code = '62' and id = ${q(offerId(1))})
on conflict do nothing;`,
  );
  return out;
}
