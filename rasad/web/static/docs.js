// Swagger UI over rasad's own OpenAPI schema, served locally (no CDN, no telemetry).
"use strict";
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false });
});
