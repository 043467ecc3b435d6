// title: Centres without a foreign partner
// description: Centres (of known country) that share no current project or agreement with an organization located in another country (organizations of unknown country are not counted as foreign). A project is current when it ends in or after $since or has no end date; an agreement when it expires in or after $since or has no expiry date. With how many organizations they do share a current one with, and their numbers of projects and agreements (all years).
// param since: First year that counts (e.g. this year for partnerships still running); null for all years.
// param limit: Most centres returned.
// returns: id, name, name_fr, centre_level, country, partners, projects, agreements
// example: {"since": 2025, "limit": 500}
// mode: read
MATCH (c:Centre)
WHERE c.country IS NOT NULL
OPTIONAL MATCH (c)-[:PARTICIPATES_IN|PARTY_TO]->(a)<-[:PARTICIPATES_IN|PARTY_TO]-(x:Organization)
WHERE x <> c AND ($since IS NULL
      OR (a:Project AND (a.end_year IS NULL OR a.end_year >= $since))
      OR (a:Agreement AND (a.expires IS NULL OR toInteger(substring(a.expires, 0, 4)) >= $since)))
WITH c, collect(DISTINCT x) AS partners
WITH c, partners, [x IN partners WHERE x.country <> c.country] AS foreign
WHERE size(foreign) = 0
RETURN c.id AS id, c.name AS name, c.name_fr AS name_fr, c.centre_level AS centre_level, c.country AS country,
       size(partners) AS partners,
       size([(c)-[:PARTICIPATES_IN]->(p:Project) | p]) AS projects,
       size([(c)-[:PARTY_TO]->(g:Agreement) | g]) AS agreements
ORDER BY id
LIMIT $limit
