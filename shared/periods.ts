import { z } from "zod";
import { isValidDate, PERIOD_PATTERN, type Period as PeriodText } from "./period-calendar.ts";

export * from "./period-calendar.ts";

export type Period = PeriodText;

export const Period = z
  .string()
  .regex(PERIOD_PATTERN, "Période invalide : attendu AAAA-Tn, par exemple 2026-Q3.")
  // 2001 at the earliest: a report also reads its previous quarter, and quarters start in 2000.
  .refine((s) => Number(s.slice(0, 4)) > 2000, "Période invalide : année antérieure à 2001.")
  .transform((s) => s as Period);

export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Date invalide : attendu AAAA-MM-JJ.")
  .refine(isValidDate, "Date invalide : ce jour n'existe pas.");
