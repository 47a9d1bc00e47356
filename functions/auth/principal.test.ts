import { beforeAll, describe, expect, it } from "vitest";
import { call, department, type TestUser, user } from "../../test/factories";

describe("who is calling", () => {
  let u: TestUser;
  beforeAll(async () => {
    await department("62");
    u = await user("prefecture", "62");
  });

  it("reads the session from the __Secure- cookie", async () => {
    expect((await call("GET", "/api/v1/me", { headers: u.headers })).status).toBe(200);
  });

  it("ignores the same session under a cookie name that could be planted over plain HTTP", async () => {
    const res = await call("GET", "/api/v1/me", {
      headers: { cookie: `authjs.session-token=${u.sessionToken}` },
    });
    expect(res.status).toBe(401);
  });

  it("answers a malformed Authorization header with 401 invalid_token, not as anonymous", async () => {
    const res = await call("GET", "/api/v1/me", { headers: { authorization: "Basic abc" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "invalid_token" });
  });
});
