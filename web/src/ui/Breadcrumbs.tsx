import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";

/** The path from the département's home to the current page. */
export function DepartmentBreadcrumb({
  code,
  name,
  segments,
  current,
}: {
  code: string;
  name?: string;
  segments?: { label: string; to: string }[];
  current: string;
}) {
  return (
    <Breadcrumb
      currentPageLabel={current}
      homeLinkProps={{ to: "/" }}
      segments={[
        { label: name ? `${name} (${code})` : code, linkProps: { to: `/departements/${code}` } },
        ...(segments ?? []).map((s) => ({ label: s.label, linkProps: { to: s.to } })),
      ]}
    />
  );
}
