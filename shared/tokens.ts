import { z } from "zod";

/** API tokens of the signed-in user (`/me/tokens`): shapes shared by the Worker and the profile page. */

export const TOKEN_MIN_DAYS = 1;
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_DEFAULT_DAYS = 90;

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: "Début du jeton, pour le reconnaître" }),
    membershipId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreatedApiTokenSchema = ApiTokenSchema.extend({
  token: z
    .string()
    .meta({ description: "Le jeton, affiché une seule fois : seule son empreinte est gardée" }),
}).meta({ id: "CreatedApiToken" });
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

export const CreateApiTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    membershipId: z.string().min(1),
    expiresInDays: z.number().int().min(TOKEN_MIN_DAYS).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS),
  })
  .strict()
  .meta({ id: "CreateApiToken" });
export type CreateApiToken = z.input<typeof CreateApiTokenSchema>;
