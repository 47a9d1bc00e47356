import { describe, expect, it } from "vitest";
import { searchKey } from "./search";

describe("searchKey", () => {
  it("ignores accents and case", () => {
    for (const typed of ["Béthune", "bethune", "BETHUNE", "BÉTHUNE", "béThune"]) {
      expect(searchKey(typed)).toBe("bethune");
    }
    expect(searchKey("Île-de-France")).toBe("ile de france");
    expect(searchKey("Ça Ôté Ÿ Ñ Ü")).toBe("ca ote y n u");
  });

  it("treats hyphens, apostrophes, dots and runs of spaces as one space", () => {
    for (const typed of ["Saint-Omer", "saint omer", "SAINT  OMER", " saint--omer "]) {
      expect(searchKey(typed)).toBe("saint omer");
    }
    expect(searchKey("St.Omer")).toBe("st omer");
    for (const typed of ["L'Écluse", "L’Écluse", "l ecluse", "l'ecluse", "L\u00a0Écluse"]) {
      expect(searchKey(typed)).toBe("l ecluse");
    }
    expect(searchKey("Communauté urbaine d'Arras (CUA), 62")).toBe("communaute urbaine d arras cua 62");
  });

  it("spells out the œ and æ ligatures", () => {
    expect(searchKey("Cœuvres-et-Valsery")).toBe("coeuvres et valsery");
    expect(searchKey("coeuvres")).toBe("coeuvres");
    expect(searchKey("ŒUVRE")).toBe("oeuvre");
    expect(searchKey("Lætitia")).toBe("laetitia");
    expect(searchKey("ﬁnistère")).toBe("finistere");
  });

  it("turns LIKE and GLOB wildcards into separators, so a key never contains one", () => {
    expect(searchKey("Ar_ques%")).toBe("ar ques");
    expect(searchKey("a*b?[c]\\d")).toBe("a b c d");
    expect(searchKey("%")).toBe("");
    expect(searchKey("  -- ’ ")).toBe("");
  });

  it("keeps digits and letters of other scripts", () => {
    expect(searchKey("Paris 15e Arrondissement")).toBe("paris 15e arrondissement");
    expect(searchKey("İstanbul")).toBe("istanbul");
    expect(searchKey("Straße")).toBe("straße");
  });
});
