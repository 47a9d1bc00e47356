import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { Header, type HeaderProps } from "@codegouvfr/react-dsfr/Header";
import { SkipLinks } from "@codegouvfr/react-dsfr/SkipLinks";
import { useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { messageOf } from "../api";
import { signOut } from "../auth";
import { useSession } from "../session";

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
      const outcome = await signOut();
      if (outcome === "leaving-for-proconnect") return;
      setProConnectStillOpen(outcome === "proconnect-unavailable");
      await refresh();
      navigate("/connexion");
    } catch (error) {
      setSignOutError(messageOf(error));
    }
  };

  const apiLink: HeaderProps.QuickAccessItem = {
    iconId: "fr-icon-code-s-slash-line",
    text: "API",
    linkProps: { to: "/api/docs", reloadDocument: true },
  };
  const quickAccessItems: HeaderProps.QuickAccessItem[] = me
    ? [
        { iconId: "fr-icon-account-circle-line", text: me.user.email, linkProps: { to: "/" } },
        apiLink,
        {
          iconId: "fr-icon-logout-box-r-line",
          text: "Se déconnecter",
          buttonProps: { type: "button", onClick: () => void onSignOut() },
        },
      ]
    : [{ iconId: "fr-icon-lock-line", text: "Se connecter", linkProps: { to: "/connexion" } }, apiLink];

  const isNational = me?.memberships.some((m) => m.role === "national") ?? false;
  // Contracts of the user's département (the first one: a user rarely belongs to several).
  const contractsOf = me?.memberships.find((m) => m.departmentCode)?.departmentCode;
  // Governance of the département on screen, else of the user's own.
  const governanceOf = /^\/departements\/([^/]+)/.exec(pathname)?.[1] ?? contractsOf;
  const navigationItems = [
    ...(isNational
      ? [
          {
            text: "Vue nationale",
            linkProps: { to: "/national" },
            isActive: pathname.startsWith("/national"),
          },
        ]
      : []),
    ...(contractsOf
      ? [
          {
            text: "Contrats locaux",
            linkProps: { to: `/departements/${contractsOf}/contrats` },
            isActive: pathname.startsWith(`/departements/${contractsOf}/contrats`),
          },
        ]
      : []),
    ...(me && governanceOf
      ? [
          {
            text: "Gouvernance",
            linkProps: { to: `/departements/${governanceOf}/gouvernance` },
            isActive: pathname.endsWith("/gouvernance"),
          },
        ]
      : []),
  ];
  const navigation = navigationItems.length > 0 ? navigationItems : undefined;

  return (
    <>
      <SkipLinks
        links={[
          { label: "Contenu", anchor: "#contenu" },
          { label: "Pied de page", anchor: "#footer" },
        ]}
      />
      <Header
        id="header"
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        serviceTitle="Maillage"
        serviceTagline={tagline}
        homeLinkProps={{ to: "/", title: "Accueil — Maillage" }}
        quickAccessItems={quickAccessItems}
        navigation={navigation}
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
      <Footer
        id="footer"
        accessibility="non compliant"
        contentDescription={`Maillage — ${tagline}. Ce service ne contient aucune donnée sur des personnes victimes ou auteurs : seulement des chiffres agrégés, des contrats et des conventions entre organisations.`}
        bottomItems={[{ text: "API", linkProps: { to: "/api/docs", reloadDocument: true } }]}
      />
    </>
  );
}
