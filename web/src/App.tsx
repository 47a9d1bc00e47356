import { type ComponentType, lazy, Suspense } from "react";
import { createBrowserRouter, matchRoutes, Navigate, Outlet, RouterProvider } from "react-router";
import { SessionProvider, useSession } from "./session";
import { ErrorAlert } from "./ui/ErrorAlert";
import { Layout } from "./ui/Layout";
import { Loading } from "./ui/Loading";

/** Each page element's chunk loader, so the first page's chunk can start loading at once. */
const loaders = new WeakMap<object, () => Promise<unknown>>();

/**
 * One chunk per page: the first page loads only what it shows (the national map, the report
 * editor… come when opened). The API reference is a static page of its own (/api/docs).
 */
function page<M>(load: () => Promise<M>, name: keyof M) {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  const element = (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
  loaders.set(element, load);
  return element;
}

/** Pages behind sign-in: anonymous visitors go to /connexion. */
function RequireSession() {
  const { me, loading, error, refresh } = useSession();
  if (loading) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={() => void refresh()} />;
  if (!me) return <Navigate to="/connexion" replace />;
  return <Outlet />;
}

const homePage = page(() => import("./departments/HomePage"), "HomePage");

/** A national user lands on the national view; anyone else on their département (or its choice). */
function Landing() {
  const { me } = useSession();
  if (me?.memberships.some((m) => m.role === "national")) return <Navigate to="/national" replace />;
  return homePage;
}

const legal = () => import("./legal/LegalPages");

const routes = [
  {
    element: <Layout />,
    children: [
      { path: "/connexion", element: page(() => import("./auth/SignInPage"), "SignInPage") },
      { path: "/dev/boite-mail", element: page(() => import("./dev/OutboxPage"), "OutboxPage") },
      { path: "/accessibilite", element: page(legal, "AccessibilityPage") },
      { path: "/mentions-legales", element: page(legal, "LegalNoticePage") },
      { path: "/donnees-personnelles", element: page(legal, "PersonalDataPage") },
      { path: "/gestion-des-cookies", element: page(legal, "CookiesPage") },
      { path: "/plan-du-site", element: page(legal, "SiteMapPage") },
      {
        path: "/desabonnement",
        element: page(() => import("./reminders/UnsubscribePage"), "UnsubscribePage"),
      },
      {
        element: <RequireSession />,
        children: [
          { path: "/", element: <Landing /> },
          { path: "/departements", element: homePage },
          { path: "/profil", element: page(() => import("./profile/ProfilePage"), "ProfilePage") },
          {
            path: "/departements/:code",
            element: page(() => import("./departments/DepartmentPage"), "DepartmentPage"),
          },
          {
            path: "/departements/:code/organisations",
            element: page(() => import("./organisations/OrganisationsPage"), "OrganisationsPage"),
          },
          {
            path: "/departements/:code/organisations/nouvelle",
            element: page(() => import("./organisations/OrganisationFormPage"), "NewOrganisationPage"),
          },
          {
            path: "/departements/:code/organisations/:id",
            element: page(() => import("./organisations/OrganisationFormPage"), "OrganisationPage"),
          },
          {
            path: "/departements/:code/membres",
            element: page(() => import("./members/MembersPage"), "MembersPage"),
          },
          {
            path: "/departements/:code/relances",
            element: page(() => import("./reminders/RemindersPage"), "RemindersPage"),
          },
          {
            path: "/departements/:code/trimestres",
            element: page(() => import("./reports/QuartersPage"), "QuartersPage"),
          },
          {
            path: "/departements/:code/trimestres/:period",
            element: page(() => import("./reports/ReportPage"), "ReportPage"),
          },
          {
            path: "/departements/:code/contrats",
            element: page(() => import("./contracts/ContractsPage"), "ContractsPage"),
          },
          {
            path: "/departements/:code/contrats/nouveau",
            element: page(() => import("./contracts/ContractFormPage"), "NewContractPage"),
          },
          {
            path: "/departements/:code/contrats/:id",
            element: page(() => import("./contracts/ContractPage"), "ContractPage"),
          },
          {
            path: "/departements/:code/contrats/:id/modifier",
            element: page(() => import("./contracts/ContractFormPage"), "EditContractPage"),
          },
          {
            path: "/departements/:code/gouvernance",
            element: page(() => import("./governance/GovernancePage"), "GovernancePage"),
          },
          {
            path: "/departements/:code/stages",
            element: page(() => import("./placements/BoardPage"), "BoardPage"),
          },
          {
            path: "/departements/:code/stages/nouvelle",
            element: page(() => import("./placements/OfferFormPage"), "NewOfferPage"),
          },
          {
            path: "/departements/:code/stages/candidatures",
            element: page(() => import("./placements/InboxPage"), "InboxPage"),
          },
          {
            path: "/departements/:code/stages/:id",
            element: page(() => import("./placements/OfferPage"), "OfferPage"),
          },
          {
            path: "/departements/:code/stages/:id/modifier",
            element: page(() => import("./placements/OfferFormPage"), "EditOfferPage"),
          },
          {
            path: "/departements/:code/conventions",
            element: page(() => import("./conventions/ConventionsPage"), "ConventionsPage"),
          },
          {
            path: "/departements/:code/conventions/nouvelle",
            element: page(() => import("./conventions/NewConventionPage"), "NewConventionPage"),
          },
          {
            path: "/departements/:code/conventions/modele",
            element: page(() => import("./conventions/TemplatePage"), "TemplatePage"),
          },
          {
            path: "/departements/:code/conventions/:id",
            element: page(() => import("./conventions/ConventionPage"), "ConventionPage"),
          },
          { path: "/national", element: page(() => import("./national/NationalPage"), "NationalPage") },
        ],
      },
      { path: "*", element: page(() => import("./ui/StatusPage"), "NotFoundPage") },
    ],
  },
];
const router = createBrowserRouter(routes);

/**
 * The first page's chunk (and, through Vite's preload, its imports) starts loading with the session
 * (`GET /me`) instead of after it: pages behind sign-in render only once the session is known.
 * `lazy()` later imports the same module, which the browser fetches once.
 */
export function preloadFirstPage(location: Pick<Location, "pathname">) {
  for (const match of matchRoutes(routes, location) ?? []) {
    const load = match.route.element ? loaders.get(match.route.element) : undefined;
    void load?.().catch(() => {});
  }
}

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
