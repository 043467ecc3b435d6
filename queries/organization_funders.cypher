// title: Organization funders
// description: The funders of the projects one organization takes part in, with the number of projects and the amounts.
// audience: internal
// param id (text): Id of the organization.
// returns: id, name, name_fr, projects, amount
// example: {"id": "cnam"}
MATCH (o:Organization {id: $id})-[:PARTICIPATES_IN]->(p:Project)<-[r:FUNDS]-(f:Organization)
RETURN f.id AS id, f.name AS name, f.name_fr AS name_fr, count(DISTINCT p) AS projects, sum(r.amount) AS amount
ORDER BY projects DESC, id
