import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, department, type TestUser, user } from "../../test/factories";
import { JSON_BODY_LIMIT } from "./body-limit";

let prefecture: TestUser;
beforeAll(async () => {
  await department("62");
  prefecture = await user("prefecture", "62");
});

/** A JSON body of exactly `size` bytes. */
const jsonOf = (size: number) => {
  const head = '{"kind":"association","name":"';
  return `${head}${"a".repeat(size - head.length - 2)}"}`;
};

type Problem = { status: number; code: string; errors?: { in: string; pointer: string }[] };

describe("request body size", () => {
  it("refuses a JSON body over 1 MB with 413 problem+json", async () => {
    const res = await call("POST", "/api/v1/departments/62/organisations", {
      body: jsonOf(JSON_BODY_LIMIT + 1),
      headers: prefecture.headers,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe("body_too_large");
    expect(problem.errors).toEqual([expect.objectContaining({ in: "body", pointer: "" })]);
  });

  it("reads a body of exactly 1 MB (then validates it: the name is too long)", async () => {
    const res = await call("POST", "/api/v1/departments/62/organisations", {
      body: jsonOf(JSON_BODY_LIMIT),
      headers: prefecture.headers,
    });
    expect(res.status).toBe(422);
  });

  it("counts a body streamed without Content-Length", async () => {
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > JSON_BODY_LIMIT) controller.close();
        else {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await exports.default.fetch(
      new Request("https://maillage.test/api/v1/departments/62/settings", {
        method: "PATCH",
        body,
        headers: { ...prefecture.headers, "content-type": "application/json" },
      }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe("body_too_large");
  });

  it("lets an import carry a file over 1 MB (its own limit is 2 MB), and refuses one over it", async () => {
    const lines = `indicateur;valeur\n${"N48-1;1\n".repeat(Math.ceil((1.5 * 1024 * 1024) / 8))}`;
    const path = "/api/v1/departments/62/periods/2026-Q3/report/import";
    const headers = { ...prefecture.headers, "content-type": "text/csv" };
    const etag = (await call("GET", path.replace("/import", ""), { headers })).headers.get("etag") ?? "";
    const accepted = await call("POST", path, { body: lines, headers: { ...headers, "if-match": etag } });
    // Read and checked line by line (more than 5,000 lines: 422), not refused for its size.
    expect(accepted.status).toBe(422);
    expect(((await accepted.json()) as Problem).code).toBe("invalid_import");
    const refused = await call("POST", path, { body: lines.repeat(2), headers });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as Problem).code).toBe("body_too_large");
  });
});
