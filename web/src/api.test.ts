import { describe, expect, it } from "vitest";
import { ApiError, fieldErrorsOf, fieldOfPointer, problemOf, withQuery } from "./api";

describe("problem+json in the UI", () => {
  it("maps each body field error to its field, first message wins", () => {
    const errors = fieldErrorsOf({
      errors: [
        { in: "body", pointer: "/siret", detail: "Le SIRET doit comporter 14 chiffres." },
        { in: "body", pointer: "/siret", detail: "second" },
        { in: "body", pointer: "/address/city", detail: "Ville inconnue." },
        { in: "header", pointer: "/if-match", detail: "not a form field" },
      ],
    });
    expect(errors).toEqual({
      siret: "Le SIRET doit comporter 14 chiffres.",
      "address/city": "Ville inconnue.",
    });
  });

  it("unescapes JSON pointer segments", () => {
    expect(fieldOfPointer("/a~1b/c~0d")).toBe("a/b/c~d");
  });

  it("reads the detail and field errors of a problem answer", async () => {
    const res = new Response(
      JSON.stringify({
        status: 409,
        code: "conflict",
        detail: "Ce numéro RNA est déjà utilisé.",
        errors: [{ in: "body", pointer: "/rna", detail: "Déjà utilisé." }],
      }),
      { status: 409, headers: { "content-type": "application/problem+json" } },
    );
    const error = new ApiError(409, await problemOf(res));
    expect(error.detail).toBe("Ce numéro RNA est déjà utilisé.");
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ rna: "Déjà utilisé." });
  });

  it("gives a French message when the answer is not JSON", async () => {
    const problem = await problemOf(new Response("Bad gateway", { status: 502 }));
    expect(new ApiError(502, problem).detail).toMatch(/momentanément indisponible/);
  });
});

describe("withQuery", () => {
  it("drops empty values and encodes the rest", () => {
    expect(withQuery("/x", { q: "pas de", kind: "", cursor: null, limit: 50, archived: undefined })).toBe(
      "/x?q=pas+de&limit=50",
    );
    expect(withQuery("/x", {})).toBe("/x");
  });
});
