import { z } from "zod";
import { RoleSchema } from "./roles.ts";

/** Shapes of the signed-in user's API (who am I, how to sign in), shared by the Worker and the UI. */

export const MeSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
    memberships: z.array(
      z.object({
        id: z.string(),
        role: RoleSchema,
        departmentCode: z.string().nullable(),
        departmentName: z.string().nullable(),
        organisationId: z.string().nullable(),
        organisationName: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof MeSchema>;
export type MeMembership = Me["memberships"][number];

export const AuthOptionsSchema = z
  .object({
    email: z.literal(true),
    proconnect: z.boolean(),
    devUsers: z.array(z.object({ email: z.string(), label: z.string() })),
  })
  .meta({ id: "AuthOptions" });
export type AuthOptions = z.infer<typeof AuthOptionsSchema>;

/** A message of the development outbox (`/api/v1/dev/outbox`, outside the API document). */
export type OutboxItem = { id: string; to: string; subject: string; text: string; createdAt: string };
