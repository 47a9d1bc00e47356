import { type ComponentType, lazy, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from "react-router";
import { SessionProvider, useSession } from "./session";
import { ErrorAlert } from "./ui/ErrorAlert";
import { usePageTitle } from "./ui/hooks";
import { Layout } from "./ui/Layout";
import { Loading } from "./ui/Loading";

/**
 * One chunk per page: the first page loads only what it shows (the national map, the report
 * editor… come when opened). The API reference is a static page of its own (/api/docs).
 */
function page<M>(load: () => Promise<M>, name: keyof M) {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

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
      { path: "/connexion", element: page(() => import("./auth/SignInPage"), "SignInPage") },
      { path: "/dev/boite-mail", element: page(() => import("./dev/OutboxPage"), "OutboxPage") },
      {
        element: <RequireSession />,
        children: [
          { path: "/", element: page(() => import("./departments/HomePage"), "HomePage") },
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
          { path: "/national", element: page(() => import("./national/NationalPage"), "NationalPage") },
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
