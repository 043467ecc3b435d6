// title: Partners per priority country and expertise
// title.fr: Partenaires par pays prioritaire et expertise
// description: For each country of a priority group and each expertise term, the partners (organizations with the role partner) located there that declare the term: how many, and the first 10 ids. Declared expertise only (HAS_EXPERTISE): project topics and narrower terms do not count.
// description.fr: Pour chaque pays d'un groupe prioritaire et chaque terme d'expertise, les partenaires (organisations ayant le rôle partenaire) situés dans ce pays qui déclarent le terme : combien, et les 10 premiers identifiants. Expertise déclarée seulement (HAS_EXPERTISE) : les thèmes des projets et les termes plus précis ne comptent pas.
// group: network
// param priority (text or null): Priority group of the countries, e.g. francophone or emerging; empty (null) for every country that has a priority group.
// param.fr priority: Groupe prioritaire des pays, par exemple francophone ou emerging ; vide pour tous les pays qui ont un groupe prioritaire.
// param limit (integer): Most rows returned.
// param.fr limit: Nombre maximal de lignes renvoyées.
// returns: priority, country, country_name, expertise, expertise_name, partners, partner_ids
// example: {"priority": "francophone", "limit": 200}
// mode: read
MATCH (c:Country)<-[:LOCATED_IN]-(o:Partner)-[:HAS_EXPERTISE]->(e:Expertise)
WHERE c.priority IS NOT NULL AND ($priority IS NULL OR c.priority = $priority)
WITH c, e, o
ORDER BY o.id
WITH c, e, collect(DISTINCT o.id) AS ids
RETURN c.priority AS priority, c.code AS country, c.name AS country_name, e.id AS expertise,
       e.name AS expertise_name, size(ids) AS partners, ids[..10] AS partner_ids
ORDER BY priority, country, partners DESC, expertise
LIMIT $limit
