import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent, useMemo, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import type { DepartmentSummary } from "../../../shared/departments";
import { api } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { filterDepartments } from "./filter";

/** The département switcher: straight to the only one, else a searchable choice. */
export function HomePage() {
  usePageTitle("Choisir un département");
  const navigate = useNavigate();
  const list = useLoad(
    (signal) => api.get<{ items: DepartmentSummary[] }>("/departments", undefined, signal),
    [],
  );
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState("");
  const items = list.data?.items ?? [];
  const matches = useMemo(() => filterDepartments(items, search), [items, search]);

  if (items.length === 1 && items[0]) return <Navigate to={`/departements/${items[0].code}`} replace />;

  const selected = matches.some((d) => d.code === chosen) ? chosen : (matches[0]?.code ?? "");
  const onOpen = (event: FormEvent) => {
    event.preventDefault();
    if (selected) navigate(`/departements/${selected}`);
  };

  return (
    <>
      <h1>Choisir un département</h1>
      <ErrorAlert error={list.error} />
      {list.loading && <Loading />}
      {list.data && items.length === 0 && (
        <Alert
          severity="info"
          title="Aucun département"
          description="Votre compte n'est rattaché à aucun département. Demandez à la préfecture de vous ajouter comme membre."
        />
      )}
      {items.length > 1 && (
        <form onSubmit={onOpen} className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <Input
            label="Rechercher un département"
            hintText="Nom ou numéro, par exemple « Pas-de-Calais » ou « 62 »"
            nativeInputProps={{ type: "search", value: search, onChange: (e) => setSearch(e.target.value) }}
          />
          <Select
            label={`Département (${matches.length} sur ${items.length})`}
            nativeSelectProps={{
              value: selected,
              onChange: (e) => setChosen(e.target.value),
              name: "department",
            }}
            disabled={matches.length === 0}
          >
            {matches.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} — {d.name} ({d.regionName})
              </option>
            ))}
          </Select>
          <Button type="submit" disabled={!selected}>
            Ouvrir
          </Button>
        </form>
      )}
    </>
  );
}
