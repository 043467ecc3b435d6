// title: Organization neighbourhood
// description: An organization, its projects and their other participants, as paths: the console draws them as a graph.
// param id: Id of the organization.
// param limit: Most paths returned.
// returns: path
// example: {"id": "cnam", "limit": 25}
MATCH path = (o:Organization {id: $id})-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(:Organization)
RETURN path
LIMIT $limit
