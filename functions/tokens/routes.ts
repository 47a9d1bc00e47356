import { createRouter } from "../platform/openapi";

export const tokensRoutes = createRouter();
