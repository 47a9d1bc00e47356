declare module "@socialgouv/jours-feries" {
  /** The French public holidays of a year, as Dates at local midnight (UTC in workerd). */
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
