// title: Partners per priority country and expertise
// description: For each country of a priority group and each expertise term, the partners (organizations with the role partner) located there that declare the term: how many, and the first 10 ids. Declared expertise only (HAS_EXPERTISE): project topics and narrower terms do not count.
// param priority: Priority group of the countries, e.g. francophone or emerging; null for every country that has a priority group.
// param limit: Most rows returned.
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
