// title: Agreements expiring in a year range
// description: Agreements whose expiry date falls in the years $year_from to $year_to (both included), soonest first, with their parties (how many, their ids by id) and the ids of the centres among them. Agreements without an expiry date are left out.
// param year_from: First year of the range.
// param year_to: Last year of the range.
// param limit: Most agreements returned.
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
