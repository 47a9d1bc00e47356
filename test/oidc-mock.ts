// vitest globalSetup (runs in Node, outside workerd): a mock OIDC provider shaped like ProConnect
// for the sign-in tests. The tests pick who signs in with `login_hint=<email>` on the sign-in
// request; the mock answers userinfo as a signed JWT, as ProConnect does. GET /test/id-token?email=
// answers the last ID token issued for that e-mail, so logout tests can compare id_token_hint;
// ${issuer}/slow is an issuer whose discovery document takes 2 s to come, ${issuer}/impostor one
// whose document names another issuer.
import { Events, OAuth2Server } from "oauth2-mock-server";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    oidcIssuer: string;
  }
}

// The client id the ProConnect tests configure (functions/auth/proconnect.test.ts).
const OIDC_CLIENT_ID = "maillage-test";

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1] ?? "";
  return JSON.parse(atob(part.replaceAll("-", "+").replaceAll("_", "/")));
}

export default async function setup(project: TestProject) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const issuer = `http://127.0.0.1:${server.address().port}`;
  server.issuer.url = issuer;

  const hints = new Map<string, string>();
  server.service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
    const hint = new URL(req.url ?? "/", issuer).searchParams.get("login_hint");
    const code = redirect.url.searchParams.get("code");
    if (hint && code) hints.set(code, hint);
  });
  server.service.on(Events.BeforeTokenSigning, (token, req) => {
    const email = hints.get(String(req.body?.code ?? ""));
    if (email) Object.assign(token.payload, { sub: `pc-${email}`, email });
  });
  const idTokens = new Map<string, string>();
  server.service.on(Events.BeforeResponse, (response, req) => {
    const email = hints.get(String(req.body?.code ?? ""));
    const idToken = (response.body as { id_token?: unknown }).id_token;
    if (email && typeof idToken === "string") idTokens.set(email, idToken);
  });
  server.service.addRoute("GET", "/test/id-token", (req, res) => {
    const email = new URL(req.url ?? "/", issuer).searchParams.get("email") ?? "";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ idToken: idTokens.get(email) ?? null }));
  });
  server.service.addRoute("GET", "/slow/.well-known/openid-configuration", (_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer: `${issuer}/slow`, end_session_endpoint: `${issuer}/endsession` }));
    }, 2_000);
  });
  server.service.addRoute("GET", "/impostor/.well-known/openid-configuration", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ issuer: "https://evil.example", end_session_endpoint: "https://evil.example/logout" }),
    );
  });
  server.service.on(Events.BeforeWellKnownOpenIdConfiguration, (config) => {
    Object.assign(config.body, {
      userinfo_endpoint: `${issuer}/userinfo-jwt`,
      userinfo_signing_alg_values_supported: ["RS256"],
    });
  });
  server.service.addRoute("GET", "/userinfo-jwt", async (req, res) => {
    const access = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const claims = access ? claimsOf(access) : {};
    const email = String(claims.email ?? "johndoe@example.org");
    const jwt = await server.issuer.buildToken({
      scopesOrTransform: (_header, payload) => {
        Object.assign(payload, {
          sub: claims.sub ?? "johndoe",
          aud: OIDC_CLIENT_ID,
          email,
          given_name: "Camille",
          usual_name: "Martin",
          siret: "13002526500013",
        });
      },
    });
    res.writeHead(200, { "content-type": "application/jwt" });
    res.end(jwt);
  });

  project.provide("oidcIssuer", issuer);
  return async () => {
    await server.stop();
  };
}
