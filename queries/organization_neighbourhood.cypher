// title: Organization neighbourhood
// title.fr: Voisinage d'une organisation
// description: An organization, its projects and their other participants, as paths: the console draws them as a graph.
// description.fr: Une organisation, ses projets et leurs autres participants, sous forme de chemins : la console les dessine en graphe.
// group: paths
// param id (text): Id of the organization.
// param.fr id: Identifiant de l'organisation.
// param limit (integer): Most paths returned.
// param.fr limit: Nombre maximal de chemins renvoyés.
// returns: path
// example: {"id": "cnam", "limit": 25}
MATCH path = (o:Organization {id: $id})-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(:Organization)
RETURN path
LIMIT $limit
