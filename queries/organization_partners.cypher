// title: Organization project partners
// description: The organizations that share projects with one organization, by number of shared projects.
// audience: internal
// param id (text): Id of the organization.
// param limit (integer): Most partners returned.
// returns: id, name, name_fr, roles, country, shared, last_year
// example: {"id": "cnam", "limit": 20}
MATCH (o:Organization {id: $id})-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-(x:Organization)
WHERE x <> o
RETURN x.id AS id, x.name AS name, x.name_fr AS name_fr, x.roles AS roles, x.country AS country,
       count(DISTINCT p) AS shared, max(p.end_year) AS last_year
ORDER BY shared DESC, id
LIMIT $limit
