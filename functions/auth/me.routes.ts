import { createRouter } from "../platform/openapi";

export const meRoutes = createRouter();
