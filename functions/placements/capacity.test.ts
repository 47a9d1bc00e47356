import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Application, Offer } from "../../shared/placements";
import { call, commune, db, department, organisation, type TestUser, user } from "../../test/factories";
import { systemActor } from "../platform/context";
import { type ApplicationRecord, findApplication } from "./queries";
import { placementApplications, placementOffers } from "./schema";
import { type Caller, commitDecision } from "./service";

/**
 * Capacity is enforced by D1 itself, not by a read-then-write in the Worker: N acceptances sent at
 * the same moment against the real D1 (workerd, miniflare) fill exactly the places there are; the
 * others get 409 problem+json `offer_full`, and nothing of theirs is written.
 */
const base = "/api/v1/departments/62/placements";
const N = 8;

let host: TestUser;
const applicants: TestUser[] = [];

beforeAll(async () => {
  await department("62");
  await commune("62", { inseeCode: "62041", siren: "216200410", name: "Arras" });
  const fv = await organisation("62", { name: "France Victimes 62" });
  host = await user("member", "62", fv.id);
  for (let i = 0; i < N; i++) applicants.push(await user("member", "62", (await organisation("62")).id));
});

async function offerWithApplications(capacity: number) {
  const created = await call("POST", base, {
    headers: host.headers,
    body: {
      hostOrganisationId: (await hostOrganisation()) as string,
      service: "Accueil",
      title: `Capacité ${capacity}`,
      description: "Observer l'accueil des victimes.",
      professions: ["gendarmerie"],
      communeInseeCode: "62041",
      halfDays: 2,
      schedule: { kind: "period", start: "2030-01-01", end: "2030-12-31" },
      capacity,
      contact: { name: "Accueil" },
      contactHidden: [],
    },
  });
  const offer = (await created.json()) as Offer;
  expect((await call("POST", `${base}/${offer.id}/publish`, { headers: host.headers })).status).toBe(200);
  const applications: Application[] = [];
  for (const applicant of applicants) {
    const res = await call("POST", `${base}/${offer.id}/applications`, {
      headers: applicant.headers,
      body: {
        profession: "gendarmerie",
        wantedStart: "2030-02-01",
        wantedEnd: "2030-02-01",
        motivation: "Oui.",
      },
    });
    expect(res.status).toBe(201);
    applications.push((await res.json()) as Application);
  }
  return { offer, applications };
}

let hostOrgId: string | undefined;
async function hostOrganisation() {
  if (!hostOrgId) {
    const { memberships } = await import("../members/schema");
    const [m] = await db().select().from(memberships).where(eq(memberships.userId, host.id));
    hostOrgId = m?.organisationId ?? undefined;
  }
  return hostOrgId;
}

async function stored(offerId: string) {
  const [offer] = await db()
    .select()
    .from(placementOffers)
    .where(and(eq(placementOffers.departmentCode, "62"), eq(placementOffers.id, offerId)));
  const accepted = await db()
    .select()
    .from(placementApplications)
    .where(and(eq(placementApplications.offerId, offerId), eq(placementApplications.status, "accepted")));
  return { acceptedCount: offer?.acceptedCount, accepted: accepted.length };
}

describe.each([1, 3])("an offer with %i place(s)", (capacity) => {
  it(`${N} acceptances at the same moment: exactly ${capacity} succeed, the others get 409 offer_full`, async () => {
    const { offer, applications } = await offerWithApplications(capacity);
    const responses = await Promise.all(
      applications.map((a) =>
        call("POST", `${base}/${offer.id}/applications/${a.id}/accept`, { headers: host.headers }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(capacity);
    expect(statuses.filter((s) => s === 409)).toHaveLength(N - capacity);
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(await r.json()).toMatchObject({ status: 409, code: "offer_full" });
    }
    expect(await stored(offer.id)).toEqual({ acceptedCount: capacity, accepted: capacity });
    const after = (await (
      await call("GET", `${base}/${offer.id}`, { headers: host.headers })
    ).json()) as Offer;
    expect(after).toMatchObject({ status: "full", placesLeft: 0 });
  }, 60_000);
});

it("the write alone keeps the count: two decisions made on the same stale read give one place", async () => {
  const { offer, applications } = await offerWithApplications(1);
  const [first, second] = await Promise.all(
    applications.slice(0, 2).map((a) => findApplication(db(), "62", a.id)),
  );
  const caller: Caller = {
    userId: host.id,
    roles: ["member"],
    organisationIds: [(await hostOrganisation()) as string],
    actor: systemActor("system:queue", "capacity-test"),
    at: new Date().toISOString(),
  };
  // Both were read pending while the offer had its place: no read stands between them and the write.
  expect(await commitDecision(db(), "62", caller, first as ApplicationRecord, { accept: true })).toBe(true);
  const refused = await commitDecision(db(), "62", caller, second as ApplicationRecord, {
    accept: true,
  }).catch((e: unknown) => e);
  expect(refused).toMatchObject({ status: 409, code: "offer_full" });
  expect(await stored(offer.id)).toEqual({ acceptedCount: 1, accepted: 1 });
  expect((await findApplication(db(), "62", (second as ApplicationRecord).id))?.status).toBe("pending");
}, 60_000);

it("the table itself refuses an over-filled offer (CHECK), whatever the Worker does", async () => {
  const { offer } = await offerWithApplications(1);
  await db()
    .update(placementOffers)
    .set({ acceptedCount: 1 })
    .where(and(eq(placementOffers.departmentCode, "62"), eq(placementOffers.id, offer.id)));
  await expect(
    db()
      .update(placementOffers)
      .set({ acceptedCount: 2 })
      .where(and(eq(placementOffers.departmentCode, "62"), eq(placementOffers.id, offer.id))),
  ).rejects.toThrow();
}, 60_000);
