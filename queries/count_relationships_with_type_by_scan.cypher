// title: Relationships of one type, by a scan
// description: How many relationships have a type given as a parameter: every relationship is read (count_relationships_with_type answers from statistics). Store.counts() uses it only for a type that is not an identifier (a space, a backquote...), never written into a query's text.
// audience: internal
// param type (text): The relationship type.
// returns: n
// example: {"type": "LOCATED_IN"}
MATCH ()-[r]->()
WHERE type(r) = $type
RETURN count(r) AS n
