import { createRouter } from "../platform/openapi";

export const organisationsRoutes = createRouter();
