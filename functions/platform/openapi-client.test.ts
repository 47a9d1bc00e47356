import { exports } from "cloudflare:workers";
import createClient from "openapi-fetch";
import { beforeAll, describe, expect, it } from "vitest";
import { department, organisation, token, user } from "../../test/factories";
// Generated from the OpenAPI document by openapi-typescript (`npm run typecheck` writes it first).
import type { paths } from "../../tools/openapi-client/generated/maillage-api";

/**
 * A client generated from the published OpenAPI document, as an outside developer would build it,
 * calls the API: the document's operations, parameters and schemas are the ones the API serves.
 */
const api = createClient<paths>({
  baseUrl: "https://maillage.test",
  // An arrow: the Worker's fetch called unbound throws "Illegal invocation".
  fetch: (request) => exports.default.fetch(request),
});

beforeAll(async () => {
  await department("62");
  await organisation("62", { name: "Centre d'information sur les droits des femmes" });
  const prefecture = await user("prefecture", "62");
  const { secret } = await token(prefecture);
  api.use({
    onRequest: ({ request }) => {
      request.headers.set("authorization", `Bearer ${secret}`);
      return request;
    },
  });
});

describe("a client generated with openapi-typescript", () => {
  it("reads a typed page of organisations", async () => {
    const { data, error, response } = await api.GET("/api/v1/departments/{code}/organisations", {
      params: { path: { code: "62" }, query: { q: "droits des femmes" } },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.items.map((o) => o.name)).toEqual(["Centre d'information sur les droits des femmes"]);
    expect(data?.nextCursor).toBeNull();
  });

  it("creates an organisation with a typed body and reads the typed problem of a refusal", async () => {
    const created = await api.POST("/api/v1/departments/{code}/organisations", {
      params: { path: { code: "62" } },
      body: { kind: "association", name: "Solidarité Femmes 62", rna: "W623000001" },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.kind).toBe("association");
    // @ts-expect-error the generated types know the kinds of organisation (they are not `any`)
    const unknownKind: NonNullable<typeof created.data>["kind"] = "club";
    expect(unknownKind).toBe("club");

    const refused = await api.POST("/api/v1/departments/{code}/organisations", {
      params: { path: { code: "62" } },
      body: { kind: "association", name: "Sans RNA", rna: "pas un RNA" },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.errors?.map((e) => e.pointer)).toContain("/rna");
  });
});
