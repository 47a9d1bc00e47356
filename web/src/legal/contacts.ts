/**
 * Who answers for the service, in one place: the public-service pages read it. The mailboxes are
 * the demo domain's until the publisher names its own and its data protection officer's (a value
 * to set before opening the service, listed in README "The UI").
 */
export const legalContacts = {
  publisher:
    "Ministère chargé de l'égalité entre les femmes et les hommes — Direction générale de la cohésion sociale, Service des droits des femmes et de l'égalité (DGCS-SDFE)",
  serviceMailbox: "contact@maillage.test",
  dpoMailbox: "dpd@maillage.test",
  host: "Cloudflare, Inc., 101 Townsend Street, San Francisco, CA 94107, États-Unis",
};
