import type { ReactNode } from "react";
import { Link } from "react-router";
import type { NavItem } from "./navigation";

/**
 * The DSFR header as plain markup: react-dsfr's Header brings its search bar, mega menu, display
 * settings and every language's texts (10 KB gzipped on each first load) for what we do not use.
 * The burger menu is the DSFR's own modal (`fr-modal`, `aria-controls`), driven by its script.
 */
export type QuickAccess =
  | { icon: string; text: string; to: string; reloadDocument?: boolean }
  | { icon: string; text: string; onClick: () => void };

function QuickAccessList({ items, suffix }: { items: QuickAccess[]; suffix: string }) {
  return (
    <ul className="fr-btns-group">
      {items.map((item, i) => (
        <li key={item.text}>
          {"to" in item ? (
            <Link
              id={`header-quick-access-${i}${suffix}`}
              className={`fr-btn ${item.icon}`}
              to={item.to}
              reloadDocument={item.reloadDocument}
            >
              {item.text}
            </Link>
          ) : (
            <button
              id={`header-quick-access-${i}${suffix}`}
              type="button"
              className={`fr-btn ${item.icon}`}
              onClick={item.onClick}
            >
              {item.text}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function SiteHeader({
  serviceTitle,
  tagline,
  quickAccess,
  navigation,
}: {
  serviceTitle: string;
  tagline: ReactNode;
  quickAccess: QuickAccess[];
  navigation: NavItem[];
}) {
  return (
    <header id="header" className="fr-header">
      <div className="fr-header__body">
        <div className="fr-container">
          <div className="fr-header__body-row">
            <div className="fr-header__brand fr-enlarge-link">
              <div className="fr-header__brand-top">
                <div className="fr-header__logo">
                  <p className="fr-logo">
                    République
                    <br />
                    Française
                  </p>
                </div>
                <div className="fr-header__navbar">
                  <button
                    type="button"
                    className="fr-btn--menu fr-btn"
                    data-fr-opened="false"
                    aria-controls="header-menu-modal"
                    id="header-menu-button"
                    title="Menu"
                  >
                    Menu
                  </button>
                </div>
              </div>
              <div className="fr-header__service">
                <Link to="/" title="Accueil — Maillage">
                  <p className="fr-header__service-title">{serviceTitle}</p>
                </Link>
                <p className="fr-header__service-tagline">{tagline}</p>
              </div>
            </div>
            <div className="fr-header__tools">
              <div className="fr-header__tools-links">
                <QuickAccessList items={quickAccess} suffix="" />
              </div>
            </div>
          </div>
        </div>
      </div>
      <div className="fr-header__menu fr-modal" id="header-menu-modal">
        <div className="fr-container">
          <button
            type="button"
            className="fr-btn--close fr-btn"
            aria-controls="header-menu-modal"
            title="Fermer"
          >
            Fermer
          </button>
          <div className="fr-header__menu-links">
            <QuickAccessList items={quickAccess} suffix="-mobile" />
          </div>
          {navigation.length > 0 && (
            <nav className="fr-nav" id="header-main-navigation" aria-label="Menu principal">
              <ul className="fr-nav__list">
                {navigation.map((item) => (
                  <li key={item.to} className="fr-nav__item">
                    <Link
                      className="fr-nav__link"
                      to={item.to}
                      aria-current={item.isActive ? "page" : undefined}
                    >
                      {item.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      </div>
    </header>
  );
}
