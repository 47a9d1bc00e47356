import { describe, expect, it } from "vitest";
import {
  amend,
  type CircuitState,
  type ConventionActor,
  cancel,
  canSee,
  complete,
  evaluate,
  permissions,
  send,
  sign,
  turnOf,
} from "./circuit";

const HOST = "org-france-victimes";
const SENDING = "org-brigade";
const base: CircuitState = {
  status: "awaiting_signatures",
  hostOrganisationId: HOST,
  sendingOrganisationId: SENDING,
  traineeUserId: "u-gendarme",
  signed: [],
  startsOn: "2026-10-12",
  endsOn: "2026-10-13",
  evaluated: [],
};
const member = (userId: string, ...organisationIds: string[]): ConventionActor => ({
  userId,
  roles: ["member"],
  organisationIds,
});
const commander = member("u-commandant", SENDING);
const gendarme = member("u-gendarme", SENDING);
const host = member("u-juriste", HOST);
const stranger = member("u-autre", "org-autre");
const prefecture: ConventionActor = { userId: "u-pref", roles: ["prefecture"], organisationIds: [] };
const national: ConventionActor = { userId: "u-nat", roles: ["national"], organisationIds: [] };

describe("the signature order: sending organisation, then host, then trainee", () => {
  it("turnOf follows the order whatever the order of the list", () => {
    expect(turnOf([])).toBe("sending");
    expect(turnOf(["sending"])).toBe("host");
    expect(turnOf(["host", "sending"])).toBe("trainee");
    expect(turnOf(["trainee", "sending", "host"])).toBeNull();
  });

  it("the sending organisation's representative signs first, and the host is next", () => {
    expect(sign(commander, base)).toEqual({ ok: true, value: { party: "sending", next: "host" } });
  });

  it("the host may not sign before the sending organisation: 409 not_your_turn", () => {
    const r = sign(host, base);
    expect(r).toMatchObject({ ok: false, refusal: { kind: "conflict", code: "not_your_turn" } });
  });

  it("the trainee may not sign before both organisations, nor sign for their own organisation", () => {
    expect(sign(gendarme, base)).toMatchObject({ ok: false, refusal: { code: "not_your_turn" } });
    expect(sign(gendarme, { ...base, signed: ["sending"] })).toMatchObject({
      ok: false,
      refusal: { code: "not_your_turn" },
    });
    expect(sign(gendarme, { ...base, signed: ["sending", "host"] })).toEqual({
      ok: true,
      value: { party: "trainee", next: null },
    });
  });

  it("nobody else signs at any step: another organisation, the prefecture, national users (403)", () => {
    for (const signed of [[], ["sending"], ["sending", "host"]] as const) {
      for (const who of [stranger, prefecture, national])
        expect(sign(who, { ...base, signed })).toMatchObject({ ok: false, refusal: { kind: "forbidden" } });
    }
    // The host's member is a stranger to the sending organisation's step once it is signed.
    expect(sign(commander, { ...base, signed: ["sending"] })).toMatchObject({
      ok: false,
      refusal: { kind: "forbidden" },
    });
  });

  it("a draft, a signed or a closed convention takes no signature (409)", () => {
    for (const status of ["draft", "signed", "completed", "cancelled"] as const)
      expect(sign(commander, { ...base, status })).toMatchObject({
        ok: false,
        refusal: { code: "not_awaiting_signatures" },
      });
  });
});

describe("the rest of the circuit", () => {
  it("a party's representative sends a draft; the trainee, the prefecture or a stranger may not", () => {
    const draft = { ...base, status: "draft" as const };
    expect(send(host, draft).ok).toBe(true);
    expect(send(commander, draft).ok).toBe(true);
    for (const who of [gendarme, prefecture, stranger])
      expect(send(who, draft)).toMatchObject({ ok: false, refusal: { kind: "forbidden" } });
    expect(send(host, base)).toMatchObject({ ok: false, refusal: { code: "not_draft" } });
  });

  it("only the host confirms completion, once signed and from the first day", () => {
    const signed = { ...base, status: "signed" as const, signed: ["sending", "host", "trainee"] as const };
    expect(complete(host, signed, "2026-10-12").ok).toBe(true);
    expect(complete(host, signed, "2026-10-11")).toMatchObject({
      ok: false,
      refusal: { code: "not_started" },
    });
    expect(complete(commander, signed, "2026-10-13")).toMatchObject({
      ok: false,
      refusal: { kind: "forbidden" },
    });
    expect(complete(host, base, "2026-10-13")).toMatchObject({ ok: false, refusal: { code: "not_signed" } });
  });

  it("the prefecture may cancel; nobody cancels a completed convention", () => {
    expect(cancel(prefecture, base).ok).toBe(true);
    expect(cancel(gendarme, base).ok).toBe(false);
    expect(cancel(host, { ...base, status: "completed" })).toMatchObject({
      ok: false,
      refusal: { code: "closed" },
    });
  });

  it("an amendment interrupts a signed placement: the end becomes the interruption day", () => {
    const signed = { ...base, status: "signed" as const, halfDays: 4 };
    expect(amend(host, signed, { interruptedOn: "2026-10-12" })).toEqual({
      ok: true,
      value: { startsOn: "2026-10-12", endsOn: "2026-10-12", halfDays: 4, interruptedOn: "2026-10-12" },
    });
    expect(amend(host, signed, { interruptedOn: "2026-11-01" })).toMatchObject({
      ok: false,
      refusal: { pointer: "/interruptedOn" },
    });
    expect(amend(host, signed, { endsOn: "2026-10-01" })).toMatchObject({
      ok: false,
      refusal: { pointer: "/endsOn" },
    });
    expect(amend(host, { ...signed, status: "awaiting_signatures" }, { endsOn: "2026-10-14" })).toMatchObject(
      {
        ok: false,
        refusal: { code: "not_signed" },
      },
    );
  });

  it("after completion the trainee and a host representative evaluate, once each", () => {
    const done = { ...base, status: "completed" as const };
    expect(evaluate(gendarme, done)).toEqual({ ok: true, value: "trainee" });
    expect(evaluate(host, done)).toEqual({ ok: true, value: "host" });
    expect(evaluate(commander, done)).toMatchObject({ ok: false, refusal: { kind: "forbidden" } });
    expect(evaluate(host, { ...done, evaluated: ["host"] })).toMatchObject({
      ok: false,
      refusal: { code: "already_evaluated" },
    });
    expect(evaluate(gendarme, base)).toMatchObject({ ok: false, refusal: { code: "not_completed" } });
  });

  it("who sees a convention: its organisations' members, the trainee, the prefecture and national users", () => {
    for (const who of [commander, gendarme, host, prefecture, national]) expect(canSee(who, base)).toBe(true);
    expect(canSee(stranger, base)).toBe(false);
  });

  it("permissions say what the caller's buttons do", () => {
    expect(permissions(commander, base, "2026-10-01")).toMatchObject({
      sign: true,
      cancel: true,
      complete: false,
    });
    expect(permissions(host, base, "2026-10-01")).toMatchObject({ sign: false });
    expect(permissions(national, base, "2026-10-01")).toEqual({
      send: false,
      sign: false,
      recordOutside: false,
      amend: false,
      complete: false,
      cancel: false,
      evaluate: false,
    });
  });
});
