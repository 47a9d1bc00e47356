import { z } from "zod";

/** The roles of a membership, from the widest to the narrowest: the one list the Worker and the UI use. */
export const ROLES = ["national", "prefecture", "member"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = (typeof ROLES)[number];
