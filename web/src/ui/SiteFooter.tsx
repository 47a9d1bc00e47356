import { Link } from "react-router";

/**
 * The DSFR footer as plain markup (no behaviour to load: react-dsfr's Footer ships every
 * language's texts and 3 KB gzipped more on each first load). Its bottom links are the public-service
 * pages the DSFR requires.
 */
const bottomLinks = [
  { text: "Plan du site", to: "/plan-du-site" },
  { text: "Accessibilité : non conforme", to: "/accessibilite" },
  { text: "Mentions légales", to: "/mentions-legales" },
  { text: "Données personnelles", to: "/donnees-personnelles" },
  { text: "Gestion des cookies", to: "/gestion-des-cookies" },
];

const domains = ["info.gouv.fr", "service-public.gouv.fr", "legifrance.gouv.fr", "data.gouv.fr"];

export function SiteFooter({ description }: { description: string }) {
  return (
    <footer id="footer" className="fr-footer" role="contentinfo">
      <div className="fr-container">
        <div className="fr-footer__body">
          <div className="fr-footer__brand fr-enlarge-link">
            <Link to="/" title="Accueil — Maillage">
              <p className="fr-logo">
                République
                <br />
                Française
              </p>
            </Link>
          </div>
          <div className="fr-footer__content">
            <p className="fr-footer__content-desc">{description}</p>
            <ul className="fr-footer__content-list">
              {domains.map((domain) => (
                <li key={domain} className="fr-footer__content-item">
                  <a
                    className="fr-footer__content-link"
                    target="_blank"
                    rel="noopener"
                    href={`https://${domain}`}
                    title={`${domain} - nouvelle fenêtre`}
                  >
                    {domain}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div className="fr-footer__bottom">
          <ul className="fr-footer__bottom-list">
            {bottomLinks.map((link) => (
              <li key={link.to} className="fr-footer__bottom-item">
                <Link className="fr-footer__bottom-link" to={link.to}>
                  {link.text}
                </Link>
              </li>
            ))}
            <li className="fr-footer__bottom-item">
              <a className="fr-footer__bottom-link" href="/api/docs">
                API
              </a>
            </li>
          </ul>
          <div className="fr-footer__bottom-copy">
            <p>
              Sauf mention explicite de propriété intellectuelle détenue par des tiers, les contenus de ce
              site sont proposés sous{" "}
              <a
                href="https://github.com/etalab/licence-ouverte/blob/master/LO.md"
                target="_blank"
                rel="noopener"
                title="licence etalab-2.0 - nouvelle fenêtre"
              >
                licence etalab-2.0
              </a>
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}
