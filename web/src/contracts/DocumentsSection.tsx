import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Upload } from "@codegouvfr/react-dsfr/Upload";
import { type FormEvent, useRef, useState } from "react";
import {
  type Contract,
  type ContractDocument,
  DOCUMENT_CATEGORIES,
  type DocumentCategory,
  documentCategoryLabels,
} from "../../../shared/contracts";
import { api } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { apiUrl, contractPath, deleteDocument, uploadDocument } from "./api";
import { fileHint, fileSize, frenchDateTime } from "./model";

/**
 * The contract's documents: download for every reader, upload and delete for the carrier. The size
 * is checked before sending (10 Mo); the type only by the server, from the content.
 */
export function DocumentsSection({
  code,
  contract,
  headingLevel,
}: {
  code: string;
  contract: Contract;
  headingLevel: 2 | 3;
}) {
  const path = `${contractPath(code, contract.id)}/documents`;
  const documents = useLoad(
    (signal) => api.get<{ items: ContractDocument[] }>(path, undefined, signal),
    [path],
  );
  const [file, setFile] = useState<File | null>(null);
  const [category, setCategory] = useState<DocumentCategory>("signed_contract");
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hint = file ? fileHint(file) : null;
  const Heading = headingLevel === 2 ? "h2" : "h3";

  const onUpload = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    if (!file || !hint?.ok) {
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await uploadDocument(code, contract.id, file, category);
      setNotice(`« ${saved.name} » a été déposé (${fileSize(saved.size)}).`);
      setFile(null);
      if (input.current) input.current.value = "";
      documents.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const onDelete = async (d: ContractDocument) => {
    if (!window.confirm(`Supprimer « ${d.name} » ? La suppression reste inscrite au journal.`)) return;
    setError(null);
    setNotice("");
    try {
      await deleteDocument(code, contract.id, d.id);
      setNotice(`« ${d.name} » a été supprimé.`);
      documents.reload();
    } catch (e) {
      setError(e);
    }
  };

  const items = documents.data?.items ?? [];
  return (
    <section aria-labelledby="documents">
      <Heading id="documents" className="fr-h4">
        Documents
      </Heading>
      <ErrorAlert error={documents.error} />
      {documents.loading && !documents.data && <Loading />}
      {documents.data && items.length === 0 && <p>Aucun document déposé.</p>}
      {items.length > 0 && (
        <ul className="fr-mb-3w">
          {items.map((d) => (
            <li key={d.id} className="fr-mb-1w">
              <a
                className="fr-link fr-icon-download-line fr-link--icon-left"
                href={apiUrl(`${path}/${d.id}`)}
                download
              >
                {d.name}
              </a>{" "}
              <span className="fr-text--sm">
                — {documentCategoryLabels[d.category]}, {d.fileType.toUpperCase()}, {fileSize(d.size)}, déposé
                le {frenchDateTime(d.uploadedAt)}
              </span>{" "}
              {contract.can.manageDocuments && (
                <Button
                  type="button"
                  priority="tertiary no outline"
                  size="small"
                  iconId="fr-icon-delete-line"
                  title={`Supprimer ${d.name}`}
                  onClick={() => void onDelete(d)}
                >
                  Supprimer
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {notice && (
        <p className="fr-valid-text" role="status">
          {notice}
        </p>
      )}
      <ErrorAlert error={error} title="Le document n'a pas été déposé" />
      {contract.can.manageDocuments && (
        <form onSubmit={(e) => void onUpload(e)} noValidate className="fr-col-12 fr-col-md-8">
          <Select
            label="Nature du document"
            nativeSelectProps={{
              name: "category",
              value: category,
              onChange: (e) => setCategory(e.target.value as DocumentCategory),
            }}
          >
            {DOCUMENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {documentCategoryLabels[c]}
              </option>
            ))}
          </Select>
          <Upload
            label="Fichier"
            hint="PDF, ODT ou DOCX, 10 Mo au plus. Le type est reconnu d'après le contenu du fichier."
            state={hint ? (hint.ok ? "success" : "error") : "default"}
            stateRelatedMessage={hint?.message}
            nativeInputProps={{
              ref: input,
              name: "file",
              accept:
                ".pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              onChange: (e) => setFile(e.target.files?.[0] ?? null),
            }}
          />
          <Button type="submit" className="fr-mt-2w" disabled={busy || !hint?.ok}>
            {busy ? "Dépôt en cours…" : "Déposer le document"}
          </Button>
        </form>
      )}
    </section>
  );
}
