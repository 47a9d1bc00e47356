import { describe, expect, it } from "vitest";
import { answeredText } from "./progress";

describe("a member's own progress", () => {
  it("agrees the noun and the participle with the number of indicators asked", () => {
    expect(answeredText(0, 1)).toBe("0 sur 1 indicateur renseigné");
    expect(answeredText(1, 1)).toBe("1 sur 1 indicateur renseigné");
    expect(answeredText(3, 5)).toBe("3 sur 5 indicateurs renseignés");
  });
});
