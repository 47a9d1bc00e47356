import { describe, expect, it } from "vitest";
import type { Me } from "../../../shared/me";
import { inputTextOf, parseFrenchNumber } from "../reports/model";
import { countOf, formatFrenchDay, plural } from "./french";
import { currentDepartment, homeOf, navigationFor } from "./navigation";

describe("French typography", () => {
  it("agrees with the count through Intl.PluralRules: 0 and 1 are singular", () => {
    expect(countOf(0, "rapport", "rapports")).toBe("0 rapport");
    expect(countOf(1, "rapport", "rapports")).toBe("1 rapport");
    expect(countOf(2, "rapport", "rapports")).toBe("2 rapports");
    expect(countOf(1234, "valeur", "valeurs")).toBe("1\u202f234 valeurs");
    expect(plural(1.5, "heure", "heures")).toBe("heure");
  });

  it("writes the first of a month as an ordinal", () => {
    expect(formatFrenchDay("2027-01-01")).toBe("1er janvier 2027");
    expect(formatFrenchDay("2026-10-31")).toBe("31 octobre 2026");
    expect(formatFrenchDay("2026-11-21T23:30:00.000Z")).toBe("21 novembre 2026");
  });

  it("shows a stored number in its input with French grouping, and reads it back", () => {
    expect(inputTextOf("count", 1234567)).toBe("1\u202f234\u202f567");
    expect(inputTextOf("euros", 1234.5)).toBe("1\u202f234,5");
    expect(parseFrenchNumber(inputTextOf("euros", 1234.56), "euros")).toBe(1234.56);
    expect(parseFrenchNumber(inputTextOf("percent", 12.125), "percent")).toBe(12.125);
  });
});

const member: Me = {
  user: { id: "u1", email: "a@b.test", name: "Awa" },
  memberships: [
    {
      id: "m1",
      role: "member" as const,
      departmentCode: "62",
      departmentName: "Pas-de-Calais",
      organisationId: "o1",
      organisationName: "CU d'Arras",
    },
  ],
};
const prefecture: Me = {
  ...member,
  memberships: member.memberships.map((m) => ({ ...m, role: "prefecture" as const })),
};
const national: Me = {
  ...member,
  memberships: [
    {
      id: "m2",
      role: "national" as const,
      departmentCode: null,
      departmentName: null,
      organisationId: null,
      organisationName: null,
    },
  ],
};

describe("the main navigation", () => {
  it("gives a département user their département's entries, the longest matching one active", () => {
    const items = navigationFor(prefecture, "/departements/62/trimestres/2026-Q3");
    expect(items.map((i) => i.text)).toEqual([
      "Tableau de bord",
      "Rapports trimestriels",
      "Organisations",
      "Membres",
      "Contrats locaux",
      "Stages croisés",
      "Gouvernance",
    ]);
    expect(items.filter((i) => i.isActive).map((i) => i.to)).toEqual(["/departements/62/trimestres"]);
    expect(navigationFor(prefecture, "/departements/62").find((i) => i.isActive)?.text).toBe(
      "Tableau de bord",
    );
  });

  it("shows an entry only to the roles it names, and follows the user's own département elsewhere", () => {
    expect(navigationFor(member, "/profil").map((i) => i.text)).not.toContain("Membres");
    expect(navigationFor(member, "/profil")[0]?.to).toBe("/departements/62");
    expect(navigationFor(null, "/connexion")).toEqual([]);
  });

  it("gives national users theirs, plus the département they are looking at", () => {
    expect(navigationFor(national, "/national").map((i) => i.text)).toEqual([
      "Vue nationale",
      "Départements",
    ]);
    const inside = navigationFor(national, "/departements/59/membres");
    expect(inside.map((i) => i.to)).toContain("/departements/59/membres");
    expect(inside.find((i) => i.isActive)?.text).toBe("Membres");
    // They count placements nationally only: no entry to a département's offers.
    expect(inside.map((i) => i.text)).not.toContain("Stages croisés");
    expect(currentDepartment(national, "/national")).toBeNull();
  });

  it("sends a refused or lost user back to their own département", () => {
    expect(homeOf(member)).toEqual({
      to: "/departements/62",
      text: "Retour à mon département (Pas-de-Calais)",
    });
    expect(homeOf(national).to).toBe("/national");
    expect(homeOf(null).to).toBe("/connexion");
  });
});
