import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { messageOf } from "../api";
import { useSession } from "../session";
import { navigationFor } from "./navigation";
import { RouteFocus } from "./RouteFocus";
import { SiteFooter } from "./SiteFooter";
import { type QuickAccess, SiteHeader } from "./SiteHeader";

const tagline = "Pilotage départemental de la lutte contre les violences sexistes et sexuelles";

export function Layout() {
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [signOutError, setSignOutError] = useState("");
  const [proConnectStillOpen, setProConnectStillOpen] = useState(false);

  const onSignOut = async () => {
    setSignOutError("");
    try {
      const { signOut } = await import("../auth");
      const outcome = await signOut();
      if (outcome === "leaving-for-proconnect") return;
      setProConnectStillOpen(outcome === "proconnect-unavailable");
      await refresh();
      navigate("/connexion");
    } catch (error) {
      setSignOutError(messageOf(error));
    }
  };

  const apiLink: QuickAccess = {
    icon: "fr-icon-code-s-slash-line",
    text: "API",
    to: "/api/docs",
    reloadDocument: true,
  };
  const quickAccess: QuickAccess[] = me
    ? [
        { icon: "fr-icon-account-circle-line", text: me.user.email, to: "/profil" },
        apiLink,
        { icon: "fr-icon-logout-box-r-line", text: "Se déconnecter", onClick: () => void onSignOut() },
      ]
    : [{ icon: "fr-icon-lock-line", text: "Se connecter", to: "/connexion" }, apiLink];

  return (
    <>
      <RouteFocus />
      <div className="fr-skiplinks">
        <nav className="fr-container" aria-label="Accès rapide">
          <ul className="fr-skiplinks__list">
            <li>
              <a className="fr-link" href="#contenu">
                Contenu
              </a>
            </li>
            <li>
              <a className="fr-link" href="#footer">
                Pied de page
              </a>
            </li>
          </ul>
        </nav>
      </div>
      <SiteHeader
        serviceTitle="Maillage"
        tagline={tagline}
        quickAccess={quickAccess}
        navigation={navigationFor(me, pathname)}
      />
      <main id="contenu" className="app-main fr-container fr-py-5w" tabIndex={-1}>
        {proConnectStillOpen && !me && (
          <Alert
            className="fr-mb-3w"
            severity="warning"
            title="Vous êtes déconnecté de Maillage"
            description="ProConnect n'a pas pu être joint : votre session ProConnect est peut-être encore ouverte. Fermez votre navigateur pour la terminer."
          />
        )}
        {signOutError && (
          <p className="fr-error-text" role="alert">
            {signOutError}
          </p>
        )}
        <Outlet />
      </main>
      <SiteFooter
        description={`Maillage — ${tagline}. Ce service ne contient aucune donnée sur des personnes victimes ou auteurs : seulement des chiffres agrégés, des contrats et des conventions entre organisations.`}
      />
    </>
  );
}
