// title: Organization partner counts
// description: How many organizations share a project with one organization, and how many an agreement.
// audience: internal
// param id (text): Id of the organization.
// returns: partners, agreement_partners
// example: {"id": "cnam"}
MATCH (o:Organization {id: $id})
OPTIONAL MATCH (o)-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(x:Organization)
WHERE x <> o
WITH o, count(DISTINCT x) AS partners
OPTIONAL MATCH (o)-[:PARTY_TO]->(:Agreement)<-[:PARTY_TO]-(y:Organization)
WHERE y <> o
RETURN partners, count(DISTINCT y) AS agreement_partners
