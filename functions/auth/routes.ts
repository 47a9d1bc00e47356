import { Hono } from "hono";
import type { AppEnv } from "../platform/context";

/** Auth.js endpoints (/api/auth/*): sign-in by magic link or ProConnect, sign-out, and dev sign-in. */
export const authRoutes = new Hono<AppEnv>();
