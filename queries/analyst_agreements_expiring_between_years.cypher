// title: Agreements expiring in a year range
// title.fr: Accords arrivant à échéance sur une période
// description: Agreements whose expiry date falls in the years $year_from to $year_to (both included), soonest first, with their parties (how many, their ids by id) and the ids of the centres among them. Agreements without an expiry date are left out.
// description.fr: Les accords dont la date d'échéance tombe entre les années $year_from et $year_to (incluses), les plus proches d'abord, avec leurs parties (combien, leurs identifiants par ordre) et les identifiants des centres parmi elles. Les accords sans date d'échéance sont laissés de côté.
// group: agreements
// param year_from (integer): First year of the range.
// param.fr year_from: Première année de la période.
// param year_to (integer): Last year of the range.
// param.fr year_to: Dernière année de la période.
// param limit (integer): Most agreements returned.
// param.fr limit: Nombre maximal d'accords renvoyés.
// returns: id, kind, signed, expires, parties, party_ids, centre_ids
// example: {"year_from": 2024, "year_to": 2025, "limit": 100}
// mode: read
MATCH (a:Agreement)
WHERE a.expires IS NOT NULL
WITH a, toInteger(substring(a.expires, 0, 4)) AS year
WHERE year >= $year_from AND year <= $year_to
OPTIONAL MATCH (o:Organization)-[:PARTY_TO]->(a)
WITH a, o
ORDER BY o.id
WITH a, collect(o.id) AS ids, collect(CASE WHEN o:Centre THEN o.id END) AS centres
RETURN a.id AS id, a.kind AS kind, a.signed AS signed, a.expires AS expires, size(ids) AS parties,
       ids AS party_ids, centres AS centre_ids
ORDER BY expires, id
LIMIT $limit
