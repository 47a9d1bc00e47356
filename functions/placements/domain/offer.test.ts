import { describe, expect, it } from "vitest";
import { OfferCreateSchema } from "../../../shared/placements";
import {
  applicationDateErrors,
  applyRefusal,
  bounds,
  canSee,
  contactFor,
  type OfferFacts,
  offerErrors,
  statusOf,
  type Viewer,
} from "./offer";

const offer = (over: Partial<OfferFacts> = {}): OfferFacts => ({
  hostOrganisationId: "fv",
  state: "published",
  capacity: 2,
  acceptedCount: 0,
  publishFrom: null,
  publishUntil: null,
  schedule: { kind: "period", start: "2030-03-01", end: "2030-06-30" },
  halfDays: 4,
  contact: { name: "Claire", function: "Juriste", email: "c@fv.fr", phone: "0321" },
  contactHidden: ["email", "phone"],
  ...over,
});
const member = (orgs: string[]): Viewer => ({ userId: "u", roles: ["member"], organisationIds: orgs });
const prefecture: Viewer = { userId: "p", roles: ["prefecture"], organisationIds: [] };

describe("status", () => {
  it("is full when a published offer has no place left; draft and closed stay what they are", () => {
    expect(statusOf(offer({ acceptedCount: 1 }))).toBe("published");
    expect(statusOf(offer({ acceptedCount: 2 }))).toBe("full");
    expect(statusOf(offer({ acceptedCount: 2, state: "closed" }))).toBe("closed");
    expect(statusOf(offer({ state: "draft" }))).toBe("draft");
  });
});

describe("who sees an offer", () => {
  it("the host and the prefecture always; others while it is on the board, or when they applied", () => {
    const draft = offer({ state: "draft" });
    expect(canSee(member(["fv"]), draft, "2030-01-01", false)).toBe(true);
    expect(canSee(prefecture, draft, "2030-01-01", false)).toBe(true);
    expect(canSee(member(["gend"]), draft, "2030-01-01", false)).toBe(false);
    const windowed = offer({ publishFrom: "2030-01-10", publishUntil: "2030-01-20" });
    expect(canSee(member(["gend"]), windowed, "2030-01-09", false)).toBe(false);
    expect(canSee(member(["gend"]), windowed, "2030-01-10", false)).toBe(true);
    expect(canSee(member(["gend"]), windowed, "2030-01-20", false)).toBe(true);
    expect(canSee(member(["gend"]), windowed, "2030-01-21", false)).toBe(false);
    expect(canSee(member(["gend"]), windowed, "2030-01-21", true)).toBe(true);
  });
});

describe("contact", () => {
  it("leaves hidden fields out (not blank) for other organisations until theirs is accepted", () => {
    expect(contactFor(offer(), member(["gend"]), false)).toEqual({ name: "Claire", function: "Juriste" });
    expect("email" in contactFor(offer(), prefecture, false)).toBe(false);
    expect(contactFor(offer(), member(["gend"]), true)).toMatchObject({ email: "c@fv.fr", phone: "0321" });
    expect(contactFor(offer(), member(["fv"]), false)).toMatchObject({ email: "c@fv.fr", phone: "0321" });
  });
});

describe("offer rules", () => {
  const input = (over: Record<string, unknown> = {}) =>
    OfferCreateSchema.parse({
      hostOrganisationId: "fv",
      service: "s",
      title: "t",
      description: "d",
      professions: ["police"],
      communeInseeCode: "62041",
      halfDays: 4,
      schedule: { kind: "dates", dates: ["2030-03-03", "2030-03-02"] },
      capacity: 2,
      contact: { email: "c@fv.fr" },
      ...over,
    });
  const pointers = (over: Record<string, unknown>, accepted = 0) =>
    offerErrors(input(over), accepted).map((e) => e.pointer);

  it("accepts a coherent offer; dates are bounded by their first and last day", () => {
    expect(pointers({})).toEqual([]);
    expect(bounds(input().schedule)).toEqual({ start: "2030-03-02", end: "2030-03-03" });
  });

  it("points at what is wrong", () => {
    expect(pointers({ halfDays: 5 })).toEqual(["/halfDays"]);
    expect(pointers({ schedule: { kind: "period", start: "2030-02-01", end: "2030-01-01" } })).toEqual([
      "/schedule/end",
    ]);
    expect(pointers({ publishFrom: "2030-02-01", publishUntil: "2030-01-01" })).toEqual(["/publishUntil"]);
    expect(pointers({ capacity: 1 }, 2)).toEqual(["/capacity"]);
    expect(pointers({ contactHidden: ["phone"] })).toEqual(["/contact/phone"]);
    expect(pointers({ contact: {} })).toEqual(["/contact/email"]);
  });
});

describe("applications", () => {
  it("want dates inside the offer's, in order", () => {
    const s = offer().schedule;
    expect(applicationDateErrors(s, { wantedStart: "2030-03-01", wantedEnd: "2030-06-30" })).toEqual([]);
    expect(
      applicationDateErrors(s, { wantedStart: "2030-02-28", wantedEnd: "2030-07-01" }).map((e) => e.pointer),
    ).toEqual(["/wantedStart", "/wantedEnd"]);
    expect(
      applicationDateErrors(s, { wantedStart: "2030-04-02", wantedEnd: "2030-04-01" }).map((e) => e.pointer),
    ).toEqual(["/wantedEnd"]);
  });

  it("are taken by published offers in their window with a place left", () => {
    expect(applyRefusal(offer(), "2030-01-01")).toBeNull();
    expect(applyRefusal(offer({ state: "closed" }), "2030-01-01")?.code).toBe("offer_closed");
    expect(applyRefusal(offer({ state: "draft" }), "2030-01-01")?.code).toBe("offer_not_open");
    expect(applyRefusal(offer({ publishUntil: "2029-12-31" }), "2030-01-01")?.code).toBe("offer_not_open");
    expect(applyRefusal(offer({ acceptedCount: 2 }), "2030-01-01")?.code).toBe("offer_full");
  });
});
