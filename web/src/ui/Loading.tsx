export function Loading({ label = "Chargement…" }: { label?: string }) {
  return (
    <p className="fr-text--sm" role="status">
      {label}
    </p>
  );
}
