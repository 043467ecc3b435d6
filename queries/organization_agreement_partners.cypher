// title: Organization agreement partners
// description: The organizations party to the same agreements as one organization, with the agreements.
// audience: internal
// param id (text): Id of the organization.
// param limit (integer): Most partners returned.
// returns: id, name, name_fr, roles, country, agreements, kinds
// example: {"id": "cnam", "limit": 20}
MATCH (o:Organization {id: $id})-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(x:Organization)
WHERE x <> o
RETURN x.id AS id, x.name AS name, x.name_fr AS name_fr, x.roles AS roles, x.country AS country,
       count(DISTINCT a) AS agreements, collect(DISTINCT a.kind) AS kinds
ORDER BY agreements DESC, id
LIMIT $limit
