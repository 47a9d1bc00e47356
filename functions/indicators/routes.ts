import { createRouter } from "../platform/openapi";
import { departmentCatalogueRoutes } from "./department.routes";
import { nationalRoutes } from "./national.routes";

export const indicatorsRoutes = createRouter()
  .route("/", nationalRoutes)
  .route("/", departmentCatalogueRoutes);
