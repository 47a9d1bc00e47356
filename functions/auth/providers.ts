import type { EmailConfig } from "@auth/core/providers/email";
import type { OIDCConfig } from "@auth/core/providers/oauth";

/** A magic link is valid for 15 minutes. */
export const MAGIC_LINK_MAX_AGE_SECONDS = 15 * 60;

export function magicLinkMail(url: string) {
  const text = (link: string) =>
    [
      "Bonjour,",
      "",
      "Pour vous connecter à Maillage, ouvrez ce lien (valable 15 minutes, utilisable une seule fois) :",
      "",
      link,
      "",
      "Si vous n'avez pas demandé à vous connecter, ignorez ce message : personne ne peut se connecter sans ce lien.",
      "",
      "— Maillage",
    ].join("\n");
  return {
    subject: "Votre lien de connexion à Maillage",
    text: text(url),
    /** What the mail log keeps outside development: the link without its token. */
    logText: text(`${new URL(url).origin}${new URL(url).pathname} [lien masqué]`),
  };
}

/**
 * Magic link through the app's mailer (a plain provider: Auth.js's email/nodemailer providers
 * import nodemailer, which does not run in Workers). `send` gets the normalised address and the link.
 */
export function emailProvider(
  send: (request: { identifier: string; url: string }) => Promise<void>,
  from: string,
): EmailConfig {
  return {
    id: "email",
    type: "email",
    name: "Courriel",
    from,
    maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
    options: {},
    normalizeIdentifier: normalizeEmail,
    sendVerificationRequest: ({ identifier, url }) => send({ identifier, url }),
  };
}

/**
 * The address a sign-in is for, as Auth.js's default normaliser computes it (NFKC, lower case,
 * what follows a comma in the domain dropped). The rate limiter keys on the same value, so
 * `victim@x,1` and `victim@x,2` count against one address. Throws on a malformed address.
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.normalize("NFKC").toLowerCase().trim();
  const parts = trimmed.split("@");
  const [local, rawDomain] = parts;
  const domain = rawDomain?.split(",")[0];
  if (trimmed.includes('"') || parts.length !== 2 || !local || !domain) {
    throw new Error("Invalid email address format.");
  }
  return `${local}@${domain}`;
}

/** The claims ProConnect returns for the scope "openid email given_name usual_name siret". */
export type ProConnectProfile = {
  sub: string;
  email: string;
  given_name?: string;
  usual_name?: string;
  siret?: string;
};

export type ProConnectSettings = { issuer: string; clientId: string; clientSecret: string };

export function proConnectSettings(env: {
  PROCONNECT_ISSUER?: string;
  PROCONNECT_CLIENT_ID?: string;
  PROCONNECT_CLIENT_SECRET?: string;
}): ProConnectSettings | null {
  const {
    PROCONNECT_ISSUER: issuer,
    PROCONNECT_CLIENT_ID: clientId,
    PROCONNECT_CLIENT_SECRET: clientSecret,
  } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret };
}

/**
 * ProConnect (the State's identity federation for civil servants and professionals). Only people
 * already invited as members get in: the signIn callback refuses unknown e-mails, and a known
 * e-mail is linked to its ProConnect account on first sign-in (ProConnect verifies e-mails).
 */
export function proConnectProvider(settings: ProConnectSettings): OIDCConfig<ProConnectProfile> {
  return {
    id: "proconnect",
    name: "ProConnect",
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: {
      params: { scope: "openid email given_name usual_name siret", acr_values: "eidas1" },
    },
    // ProConnect puts the claims in the (JWT) userinfo answer, not in the ID token.
    idToken: false,
    allowDangerousEmailAccountLinking: true,
    // Keep no provider tokens in the database: the account row only links sub → user. (The ID
    // token needed to end the ProConnect session stays in the browser: see end-session.ts.)
    account: () => ({}),
    profile(profile) {
      const name = [profile.given_name, profile.usual_name].filter(Boolean).join(" ");
      return { id: profile.sub, email: profile.email.toLowerCase(), name: name || null };
    },
  };
}
