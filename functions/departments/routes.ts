import { createRouter } from "../platform/openapi";

export const departmentsRoutes = createRouter();
