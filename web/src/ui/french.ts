/** French typography, in one place: plurals by Intl.PluralRules, "1er", number grouping. */

const pluralRules = new Intl.PluralRules("fr-FR");
const integerFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** The form that agrees with `count` (French: 0 and 1 take the singular). */
export const plural = (count: number, one: string, other: string) =>
  pluralRules.select(count) === "one" ? one : other;

/** "1 rapport", "0 rapport", "12 rapports", "1 234 rapports" (French grouping). */
export const countOf = (count: number, one: string, other: string) =>
  `${integerFormat.format(count)} ${plural(count, one, other)}`;

/** A number as French readers write it: "1 234,5" (a narrow no-break space groups thousands). */
export const formatNumber = (value: number) => numberFormat.format(value);

const dayMonthYear = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2027-01-01" → "1er janvier 2027": the first of the month is an ordinal in French. */
export function formatFrenchDay(day: string): string {
  const [y, m, d] = day.slice(0, 10).split("-").map(Number) as [number, number, number];
  const parts = dayMonthYear.formatToParts(new Date(Date.UTC(y, m - 1, d, 12)));
  return parts.map((p) => (p.type === "day" && p.value === "1" ? "1er" : p.value)).join("");
}
