import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import { ErrorAlert } from "./ErrorAlert";

const render = (props: Parameters<typeof ErrorAlert>[0]) =>
  renderToStaticMarkup(createElement(ErrorAlert, props));

describe("ErrorAlert", () => {
  it("titles the alert with an h2 by default: it follows the page's h1 (axe heading-order)", () => {
    const html = render({
      error: new ApiError(422, { detail: "Valeur invalide" }),
      title: "L'action a échoué",
    });
    // Preact's server renderer leaves the apostrophe as is where React wrote &#x27;.
    expect(html).toMatch(/<h2[^>]*>L(?:'|&#x27;)action a échoué<\/h2>/);
    expect(html).not.toContain("<h3");
  });

  it("takes the level it is given inside a section, signed out included", () => {
    expect(render({ error: new ApiError(500, { detail: "Panne" }), as: "h3" })).toMatch(
      /<h3[^>]*>Une erreur/,
    );
    expect(render({ error: new ApiError(401, { detail: "Non connecté" }), as: "h3" })).toMatch(
      /<h3[^>]*>Session expirée<\/h3>/,
    );
  });
});
