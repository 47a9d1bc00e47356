// Renders the API reference from the app's own OpenAPI document (no CDN, no inline script: CSP).
// swagger-ui has no French translation: its fixed labels are translated in place as it renders
// them (texts, aria-label and title), and the few controls it leaves unlabelled get a label.
(() => {
  const french = {
    Parameters: "Paramètres",
    "No parameters": "Aucun paramètre",
    Name: "Nom",
    Description: "Description",
    required: "obligatoire",
    Responses: "Réponses",
    "Request body": "Corps de la requête",
    Code: "Code",
    Links: "Liens",
    "No links": "Aucun lien",
    "Media type": "Type de média",
    "Example Value": "Exemple",
    Schema: "Schéma",
    Schemas: "Schémas",
    Servers: "Serveurs",
    Authorize: "Autoriser",
    "Available authorizations": "Autorisations disponibles",
    Close: "Fermer",
    Logout: "Se déconnecter",
    "Try it out": "Essayer",
    Cancel: "Annuler",
    Execute: "Exécuter",
    Clear: "Effacer",
    "Expand all": "Tout déplier",
    "Collapse all": "Tout replier",
    "Expand operation": "Déplier l'opération",
    "Collapse operation": "Replier l'opération",
    "authorization button unlocked": "Autorisation non fournie",
    "authorization button locked": "Autorisation fournie",
    "Copy to clipboard": "Copier dans le presse-papiers",
    Deprecated: "Obsolète",
    "Value:": "Valeur :",
    Default: "Par défaut",
    "Default value": "Valeur par défaut",
  };
  const translate = (value) => {
    const key = value.trim();
    return Object.hasOwn(french, key) ? value.replace(key, french[key]) : value;
  };

  const fixText = (node) => {
    const text = translate(node.nodeValue);
    if (text !== node.nodeValue) node.nodeValue = text;
  };
  const fixAttributes = (element) => {
    for (const name of ["aria-label", "title"]) {
      const value = element.getAttribute(name);
      if (value && translate(value) !== value) element.setAttribute(name, translate(value));
    }
  };
  const fix = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
    fixAttributes(root);
    for (const element of root.querySelectorAll("[aria-label], [title]")) fixAttributes(element);
    // Code samples scroll sideways: they take the keyboard focus to be scrolled (scrollable-region-focusable).
    const samples = "pre.microlight:not([tabindex]), .highlight-code pre:not([tabindex])";
    if (root.matches(samples)) root.setAttribute("tabindex", "0");
    for (const pre of root.querySelectorAll(samples)) pre.setAttribute("tabindex", "0");
    const servers = root.matches("select#servers") ? root : root.querySelector("select#servers");
    if (servers && !servers.hasAttribute("aria-label")) servers.setAttribute("aria-label", "Serveur");
  };

  // Only what changed is looked at (swagger-ui renders in many small commits).
  const container = document.getElementById("swagger");
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "childList") {
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) fix(node);
          else if (node.nodeType === Node.TEXT_NODE) fixText(node);
        }
      } else if (record.type === "characterData") fixText(record.target);
      else fixAttributes(record.target);
    }
  }).observe(container, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-label", "title"],
  });

  const status = document.getElementById("api-docs-status");
  window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger",
    // Deep links put a link inside each operation's toggle button (nested-interactive).
    deepLinking: false,
    // Tags start closed: swagger-ui 5 stops rendering operations past ~134 open at once (136 here,
    // no error logged); the reader opens one tag at a time.
    docExpansion: "none",
    tryItOutEnabled: false,
    validatorUrl: null,
    onComplete: () => {
      status.textContent = "";
      status.hidden = true;
    },
  });
})();
