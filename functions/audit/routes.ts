import { createRouter } from "../platform/openapi";

export const auditRoutes = createRouter();
