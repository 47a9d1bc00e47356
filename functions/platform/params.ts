import { z } from "@hono/zod-openapi";

const DepartmentCode = z
  .string()
  .regex(/^(\d{2,3}|2[AB])$/, "Code de département invalide.")
  .openapi({ param: { name: "code", in: "path" }, example: "62" });

/** The `{code}` of every route under /departments/{code}: the tenancy guard reads it (access.ts). */
export const departmentParams = z.object({ code: DepartmentCode });
