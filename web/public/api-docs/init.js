// Renders the API reference from the app's own OpenAPI document (no CDN, no inline script: CSP).
window.SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger",
  deepLinking: true,
  tryItOutEnabled: false,
  validatorUrl: null,
});
