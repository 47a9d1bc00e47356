import type { OverrideIndicator } from "./build";

/**
 * Indicators written by hand for the Pas-de-Calais sheets whose indicator text is not a list of
 * countable items (themes, objectives, "à déterminer", items glued with "et"). Each stays as close
 * to the sheet's own words as a countable figure allows. The other sheets are split by the builder.
 */
export const PAS_DE_CALAIS_OVERRIDES: Record<string, OverrideIndicator[]> = {
  // Text lists the themes watched by the PAVAS programme, not figures.
  "1.1": [
    { label: "Grossesses et IVG signalées chez les collégiennes et lycéennes", unit: "count" },
    { label: "Situations de protection de l’enfance signalées par les établissements", unit: "count" },
    { label: "Situations de harcèlement signalées", unit: "count" },
  ],
  "1.3": [
    {
      label:
        "Actions de communication autour de la journée internationale de lutte contre les violences faites aux femmes",
      unit: "count",
    },
    { label: "Supports d’information mis à disposition des usagers", unit: "count" },
    { label: "Relais des numéros nationaux assuré", unit: "yes_no" },
    { label: "Cartographie diffusée et mise à jour dans l’année", unit: "yes_no", periodicity: "annual" },
  ],
  // Targets and explanations in parentheses; one item is an objective measured by a questionnaire.
  "1.4": [
    { label: "Nombre de professionnels investis dans la démarche", unit: "count" },
    { label: "Nombre d’outils créés sur la thématique", unit: "count" },
    {
      label:
        "Part des participants se sentant plus outillés face aux questions touchant l’égalité (questionnaire)",
      unit: "percent",
      target: 75,
    },
    { label: "Nombre de jeunes touchés", unit: "count" },
  ],
  // "mineurs -15ans, mauvais traitement ou abandon d'enfants" is one item despite its comma.
  "2.2": [
    {
      label:
        "Nombre de coups et blessures volontaires criminels ou correctionnels commis dans la sphère familiale",
      unit: "count",
    },
    {
      label:
        "Nombre de coups et blessures volontaires sur mineurs de moins de 15 ans, mauvais traitements ou abandons d’enfants",
      unit: "count",
    },
    { label: "Nombre de menaces ou chantages", unit: "count" },
  ],
  "2.3": [
    { label: "Nombre d’accompagnements sociaux", unit: "count" },
    { label: "Nombre d’orientations", unit: "count" },
    { label: "Nombre d’ouvertures de droits", unit: "count" },
  ],
  // "Taux d'équipement … infra départemental" is a count of places and of arrondissements covered.
  "2.6": [
    { label: "Places d’hébergement dédiées aux femmes victimes dans le département", unit: "count" },
    { label: "Arrondissements dotés de places d’hébergement dédiées", unit: "count" },
    { label: "Nombre de demandes non pourvues", unit: "count" },
    { label: "Nombre de femmes accueillies", unit: "count" },
    { label: "Durée moyenne de la prise en charge", unit: "days" },
  ],
  "2.8": [
    { label: "Nombre de victimes prises en charge au niveau de la CTV2S", unit: "count" },
    { label: "Nombre de fiches Bureau d’Aide aux Victimes", unit: "count" },
    {
      label:
        "Correspondance établie entre le référent police aide aux victimes et les associations de victimes",
      unit: "yes_no",
    },
  ],
  "2.10": [
    {
      label: "Avenant à la convention-cadre du contingent préfectoral de réservation signé",
      unit: "yes_no",
    },
    { label: "Nombre de relogements", unit: "count" },
    { label: "Délai moyen de relogement", unit: "days" },
  ],
  "2.12": [
    { label: "Groupes de parole mis en place", unit: "yes_no" },
    { label: "Nombre de personnes accompagnées", unit: "count" },
    { label: "Financements mobilisés", unit: "euros" },
  ],
  "2.15": [
    { label: "Avancement de la fiche action (indicateurs à définir la première année)", unit: "text" },
  ],
  "2.16": [
    { label: "Signalements de violences sexistes et sexuelles dans la fonction publique", unit: "count" },
    { label: "Nombre de sensibilisations et formations organisées", unit: "count" },
  ],
  "3.2": [
    { label: "Nombre de dossiers traités", unit: "count" },
    { label: "Délai moyen de traitement d’un dossier", unit: "days" },
    { label: "Dossiers ayant donné lieu à des poursuites", unit: "count" },
  ],
  "3.5": [
    { label: "Conventions de prise de plainte sur site signées", unit: "count" },
    { label: "Nombre de plaintes prises sur site", unit: "count" },
  ],
  "4.1": [
    {
      label: "Écoles visitées avec une focale sur les stéréotypes de genre dans les pratiques enseignantes",
      unit: "count",
    },
    { label: "Actions de sensibilisation des familles réalisées par les écoles visitées", unit: "count" },
  ],
  "4.2": [
    {
      label: "Interventions de l’équipe mobile de climat scolaire intégrant la dimension de genre",
      unit: "count",
    },
    {
      label: "Plans de prévention qui intègrent explicitement la problématique des violences de genre",
      unit: "count",
    },
    { label: "Évolution des résultats par genre (questionnaires de climat scolaire)", unit: "text" },
  ],
  // Local contracts: the figures come from the contracts registry (functions/contracts/derived.ts),
  // on the last day of each quarter (so quarterly: they cost no one any typing); only the contracts'
  // content stays typed in, once a year. Codes 1–3 keep the sheet's own items; 4 and 5 are the
  // coverage a prefect quotes.
  "4.4": [
    {
      label: "Nombre de contrats signés (en vigueur)",
      unit: "count",
      periodicity: "quarterly",
      derived: "contracts.in_force",
    },
    {
      label: "Nombre de partenaires associés",
      unit: "count",
      periodicity: "quarterly",
      derived: "contracts.partners",
    },
    { label: "Contenu des contrats", unit: "text" },
    {
      label: "Population couverte par un contrat local en vigueur",
      unit: "count",
      periodicity: "quarterly",
      derived: "contracts.population_covered",
    },
    {
      label: "Part de la population du département couverte par un contrat local",
      unit: "percent",
      periodicity: "quarterly",
      derived: "contracts.population_share",
    },
  ],
  // Points to the sheets 1.1, 2.7, 4.1, 4.2 and to harassment prevention.
  "4.3": [{ label: "Actions de prévention du harcèlement suivies par le CDESC", unit: "count" }],
  "4.6": [
    { label: "Convention entre le SIAO et les associations d’aide aux victimes signée", unit: "yes_no" },
  ],
  "4.7": [
    { label: "Visites de la plateforme numérique", unit: "count" },
    { label: "Évolution de la prise en charge des victimes", unit: "text" },
  ],
  "4.8": [{ label: "Participants aux groupes de travail territoriaux", unit: "count" }],
  "4.9": [
    { label: "Nombre de rencontres pour la conception des outils", unit: "count" },
    { label: "Résultats obtenus", unit: "text" },
  ],
  // The plan counts placements per year ("annuelle"): the figure comes from the placements'
  // conventions (functions/conventions/derived.ts), the year's total as of the quarter's last day,
  // so the Q4 report, where an annual indicator is asked, reads the whole year.
  "4.10": [
    {
      label: "Nombre de stages croisés organisés",
      unit: "count",
      derived: "conventions.placements_completed_year",
    },
  ],
};
