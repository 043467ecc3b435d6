// title: Relationships by type
// description: How many relationships of each type the graph holds.
// audience: internal
// returns: type, n
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
ORDER BY type
