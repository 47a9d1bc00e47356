import { Link } from "react-router";
import { useSession } from "../session";
import { usePageTitle } from "../ui/hooks";
import { currentDepartment, navigationFor } from "../ui/navigation";
import { legalContacts } from "./contacts";

/** The public-service pages the DSFR footer links to; readable without signing in. */

export const publicPages = [
  { text: "Accessibilité : non conforme", title: "Déclaration d'accessibilité", to: "/accessibilite" },
  { text: "Mentions légales", title: "Mentions légales", to: "/mentions-legales" },
  { text: "Données personnelles", title: "Données personnelles", to: "/donnees-personnelles" },
  { text: "Gestion des cookies", title: "Gestion des cookies", to: "/gestion-des-cookies" },
  { text: "Plan du site", title: "Plan du site", to: "/plan-du-site" },
] as const;

const declarationDate = "2 décembre 2026";

const Mail = ({ to }: { to: string }) => <a href={`mailto:${to}`}>{to}</a>;

export function AccessibilityPage() {
  usePageTitle("Déclaration d'accessibilité");
  return (
    <article className="fr-col-12 fr-col-lg-10">
      <h1>Déclaration d'accessibilité</h1>
      <p>
        Le {legalContacts.publisher} s'engage à rendre ses services numériques accessibles, conformément à
        l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique à
        Maillage.
      </p>
      <h2>État de conformité</h2>
      <p>
        <strong>Maillage est non conforme</strong> avec le référentiel général d'amélioration de
        l'accessibilité (RGAA), version 4.1.2 : aucun audit de conformité n'a encore été réalisé. Tant qu'un
        audit ne l'a pas mesuré, aucun taux de conformité ne peut être annoncé.
      </p>
      <h2>Tests réalisés</h2>
      <p>
        À chaque modification, des tests automatisés parcourent l'application dans le navigateur Chromium et
        la contrôlent avec l'outil axe-core : connexion, page d'un département, organisations, membres, saisie
        d'un rapport trimestriel (avec la fenêtre d'historique ouverte), vue nationale (y compris sur un écran
        de 390 pixels), profil, pages de ce pied de page. Ils n'admettent aucune anomalie « grave » ou «
        critique ». Ces tests automatiques ne détectent qu'une partie des critères du RGAA : ils ne remplacent
        pas un audit.
      </p>
      <h2>Contenus non accessibles connus</h2>
      <ul>
        <li>
          La carte de France de la vue nationale transmet des valeurs par la couleur : le tableau qui la suit
          en est l'alternative, avec les mêmes valeurs.
        </li>
        <li>
          La documentation de l'API (<a href="/api/docs">/api/docs</a>) repose sur l'outil Swagger UI : une
          partie de ses libellés reste en anglais.
        </li>
        <li>Les exports de rapports (CSV, XLSX) et les résumés PDF des contrats n'ont pas été audités.</li>
      </ul>
      <h2>Établissement de cette déclaration</h2>
      <p>
        Cette déclaration a été établie le {declarationDate}. Technologies utilisées : HTML, CSS, JavaScript
        (React), système de design de l'État (DSFR). Environnement de test : Chromium, axe-core, Lighthouse
        (profil mobile).
      </p>
      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à{" "}
        <Mail to={legalContacts.serviceMailbox} /> : nous vous orienterons vers une alternative accessible ou
        vous transmettrons le contenu sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un
        service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des
        droits :
      </p>
      <ul>
        <li>
          par le formulaire en ligne :{" "}
          <a href="https://formulaire.defenseurdesdroits.fr/" rel="noopener">
            formulaire.defenseurdesdroits.fr
          </a>
          ;
        </li>
        <li>en contactant le délégué du Défenseur des droits de votre région ;</li>
        <li>
          par courrier, gratuitement, sans affranchissement : Défenseur des droits, Libre réponse 71120, 75342
          Paris CEDEX 07.
        </li>
      </ul>
    </article>
  );
}

export function LegalNoticePage() {
  usePageTitle("Mentions légales");
  return (
    <article className="fr-col-12 fr-col-lg-10">
      <h1>Mentions légales</h1>
      <h2>Éditeur</h2>
      <p>{legalContacts.publisher}.</p>
      <p>
        Contact : <Mail to={legalContacts.serviceMailbox} />
      </p>
      <h2>Hébergement</h2>
      <p>
        {legalContacts.host}. La base de données est hébergée dans l'Union européenne (juridiction « eu » de
        Cloudflare D1).
      </p>
      <h2>Code source</h2>
      <p>Le code de Maillage est publié sous la licence publique de l'Union européenne (EUPL 1.2).</p>
      <h2>Accessibilité</h2>
      <p>
        Voir la <Link to="/accessibilite">déclaration d'accessibilité</Link>.
      </p>
    </article>
  );
}

export function PersonalDataPage() {
  usePageTitle("Données personnelles");
  return (
    <article className="fr-col-12 fr-col-lg-10">
      <h1>Données personnelles</h1>
      <p>
        Maillage ne contient aucune donnée sur des personnes victimes ou auteurs de violences : seulement des
        chiffres agrégés, des contrats et des conventions entre organisations. Les seules données personnelles
        sont celles des professionnels qui utilisent le service.
      </p>
      <h2>Responsable du traitement et finalité</h2>
      <p>
        Responsable : {legalContacts.publisher}. Finalité : permettre aux préfectures, à leurs partenaires et
        aux administrations centrales de piloter ensemble la lutte contre les violences sexistes et sexuelles.
        Base légale : l'exécution d'une mission d'intérêt public (article 6-1-e du RGPD).
      </p>
      <h2>Ce qui est conservé, et combien de temps</h2>
      <div className="fr-table">
        <table>
          <caption>Données conservées par Maillage</caption>
          <thead>
            <tr>
              <th scope="col">Donnée</th>
              <th scope="col">Qui</th>
              <th scope="col">Pourquoi</th>
              <th scope="col">Durée</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Adresse électronique, nom, rattachements (département, organisation, rôle)</td>
              <td>Chaque utilisateur</td>
              <td>Se connecter, savoir qui saisit quoi</td>
              <td>Tant que le compte est rattaché à un département</td>
            </tr>
            <tr>
              <td>Session de connexion (empreinte du jeton, date)</td>
              <td>Chaque utilisateur connecté</td>
              <td>Rester connecté</td>
              <td>7 jours au plus, supprimée chaque nuit après expiration</td>
            </tr>
            <tr>
              <td>Lien de connexion par courriel (empreinte)</td>
              <td>Qui demande un lien</td>
              <td>Se connecter sans mot de passe</td>
              <td>15 minutes, supprimé chaque nuit après expiration</td>
            </tr>
            <tr>
              <td>Jetons d'API (nom, empreinte, dates de création, d'expiration et de dernier usage)</td>
              <td>Qui en crée</td>
              <td>Accès des outils au service</td>
              <td>Jusqu'à 365 jours, révocables à tout moment depuis votre profil</td>
            </tr>
            <tr>
              <td>Journal des courriels (destinataire, objet, texte)</td>
              <td>Destinataires des courriels</td>
              <td>Prouver qu'un courriel est parti une seule fois</td>
              <td>Texte effacé après 30 jours ; destinataire et objet conservés</td>
            </tr>
            <tr>
              <td>Journal d'audit (qui a modifié quoi, quand, identifiant de la requête)</td>
              <td>Auteurs des modifications</td>
              <td>Traçabilité des chiffres transmis aux ministères</td>
              <td>Aucune purge automatique n'est encore en place</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>Où sont les données</h2>
      <p>
        Chez {legalContacts.host}, dans une base de données hébergée dans l'Union européenne. Les courriels
        partent par le service d'envoi de Cloudflare.
      </p>
      <h2>Vos droits</h2>
      <p>
        Vous disposez d'un droit d'accès, de rectification, de limitation et d'opposition sur vos données.
        Écrivez au délégué à la protection des données : <Mail to={legalContacts.dpoMailbox} />. Si vous
        estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une
        réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">cnil.fr/fr/plaintes</a>).
      </p>
    </article>
  );
}

export function CookiesPage() {
  usePageTitle("Gestion des cookies");
  return (
    <article className="fr-col-12 fr-col-lg-10">
      <h1>Gestion des cookies</h1>
      <p>
        Maillage ne dépose que des cookies strictement nécessaires à la connexion : aucun cookie de mesure
        d'audience, de publicité ou de réseau social. Ces cookies sont exemptés de consentement (article 82 de
        la loi Informatique et Libertés) : c'est pourquoi aucun bandeau ne vous demande votre accord.
      </p>
      <div className="fr-table">
        <table>
          <caption>Cookies déposés par Maillage</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Rôle</th>
              <th scope="col">Durée</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <code>__Host-authjs.session-token</code>
              </td>
              <td>Vous garder connecté</td>
              <td>7 jours au plus</td>
            </tr>
            <tr>
              <td>
                <code>__Host-authjs.csrf-token</code>, <code>__Secure-authjs.callback-url</code>
              </td>
              <td>Protéger le formulaire de connexion, revenir à la page demandée</td>
              <td>Session du navigateur</td>
            </tr>
            <tr>
              <td>
                <code>__Secure-authjs.pkce.code_verifier</code>, <code>__Secure-authjs.state</code>,{" "}
                <code>__Secure-authjs.nonce</code>
              </td>
              <td>Sécuriser la connexion par ProConnect</td>
              <td>15 minutes</td>
            </tr>
            <tr>
              <td>
                <code>__Secure-maillage.proconnect-id-token</code>
              </td>
              <td>Vous déconnecter aussi de ProConnect</td>
              <td>Jusqu'à la fin de la session</td>
            </tr>
          </tbody>
        </table>
      </div>
    </article>
  );
}

export function SiteMapPage() {
  usePageTitle("Plan du site");
  const { me } = useSession();
  const code = currentDepartment(me, "");
  return (
    <article className="fr-col-12 fr-col-lg-10">
      <h1>Plan du site</h1>
      <ul>
        <li>
          <Link to="/connexion">Connexion</Link>
        </li>
        {navigationFor(me, code ? `/departements/${code}` : "").map((entry) => (
          <li key={entry.to}>
            <Link to={entry.to}>{entry.text}</Link>
          </li>
        ))}
        {me && (
          <li>
            <Link to="/profil">Mon profil</Link>
          </li>
        )}
        <li>
          <a href="/api/docs">Documentation de l'API</a>
        </li>
        {publicPages.map((p) => (
          <li key={p.to}>
            <Link to={p.to}>{p.title}</Link>
          </li>
        ))}
      </ul>
    </article>
  );
}
