import { ApiError, csrfToken, problemOf } from "./api";

/**
 * Posts a form to an Auth.js action. `X-Auth-Return-Redirect` makes Auth.js answer
 * `{ url }` instead of redirecting, so the SPA decides what to show next.
 */
export async function authAction(action: string, fields: Record<string, string> = {}): Promise<string> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken() });
  const res = await fetch(`/api/auth/${action}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body,
    credentials: "same-origin",
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const data = (await res.json()) as { url?: string };
  return data.url ?? "/";
}

/** Auth.js reports failures as `?error=Type` on the URL it would redirect to. */
export function authErrorOf(url: string): string | null {
  const error = new URL(url, "http://localhost").searchParams.get("error");
  if (!error) return null;
  switch (error) {
    case "EmailSignin":
    case "EmailSignInError":
      return "L'envoi du lien de connexion a échoué. Réessayez dans quelques instants.";
    case "AccessDenied":
      return "Cette adresse n'a pas accès à Maillage. Demandez à votre préfecture de vous ajouter.";
    case "Verification":
      return "Ce lien de connexion a expiré ou a déjà servi. Demandez-en un nouveau.";
    default:
      return "La connexion a échoué. Réessayez.";
  }
}

export type SignOutOutcome = "signed-out" | "leaving-for-proconnect" | "proconnect-unavailable";

/**
 * Ends the Maillage session. A session opened through ProConnect then ends at ProConnect too: the
 * browser leaves for ProConnect, which sends it back to /connexion.
 */
export async function signOut(): Promise<SignOutOutcome> {
  const res = await fetch("/api/auth/end-session", {
    method: "POST",
    headers: { accept: "application/json" },
    credentials: "same-origin",
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const data = (await res.json()) as { redirect: string | null; proconnectUnavailable: boolean };
  if (data.redirect) {
    window.location.assign(data.redirect);
    return "leaving-for-proconnect";
  }
  return data.proconnectUnavailable ? "proconnect-unavailable" : "signed-out";
}
