import { lazy, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from "react-router";
import { SignInPage } from "./auth/SignInPage";
import { DepartmentPage } from "./departments/DepartmentPage";
import { HomePage } from "./departments/HomePage";
import { OutboxPage } from "./dev/OutboxPage";
import { MembersPage } from "./members/MembersPage";
import { NewOrganisationPage, OrganisationPage } from "./organisations/OrganisationFormPage";
import { OrganisationsPage } from "./organisations/OrganisationsPage";
import { QuartersPage } from "./reports/QuartersPage";
import { ReportPage } from "./reports/ReportPage";
import { SessionProvider, useSession } from "./session";
import { ErrorAlert } from "./ui/ErrorAlert";
import { usePageTitle } from "./ui/hooks";
import { Layout } from "./ui/Layout";
import { Loading } from "./ui/Loading";

// The national page carries the map of France: loaded only when opened.
const NationalPage = lazy(() => import("./national/NationalPage").then((m) => ({ default: m.NationalPage })));

/** Pages behind sign-in: anonymous visitors go to /connexion. */
function RequireSession() {
  const { me, loading, error } = useSession();
  if (loading) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!me) return <Navigate to="/connexion" replace />;
  return <Outlet />;
}

function NotFoundPage() {
  usePageTitle("Page introuvable");
  return (
    <>
      <h1>Page introuvable</h1>
      <p>La page que vous cherchez n'existe pas ou a été déplacée.</p>
      <a className="fr-link" href="/">
        Retour à l'accueil
      </a>
    </>
  );
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/connexion", element: <SignInPage /> },
      { path: "/dev/boite-mail", element: <OutboxPage /> },
      {
        element: <RequireSession />,
        children: [
          { path: "/", element: <HomePage /> },
          { path: "/departements/:code", element: <DepartmentPage /> },
          { path: "/departements/:code/organisations", element: <OrganisationsPage /> },
          { path: "/departements/:code/organisations/nouvelle", element: <NewOrganisationPage /> },
          { path: "/departements/:code/organisations/:id", element: <OrganisationPage /> },
          { path: "/departements/:code/membres", element: <MembersPage /> },
          { path: "/departements/:code/trimestres", element: <QuartersPage /> },
          { path: "/departements/:code/trimestres/:period", element: <ReportPage /> },
          {
            path: "/national",
            element: (
              <Suspense fallback={<Loading />}>
                <NationalPage />
              </Suspense>
            ),
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
