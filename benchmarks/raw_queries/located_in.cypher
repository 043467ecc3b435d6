// title: Raw LOCATED_IN
// description: Raw baseline: merges the LOCATED_IN relationship of each organization row that names a country.
// param rows: Rows of the organizations table whose country is set.
// returns: nothing
// mode: write
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MATCH (c:Country {code: row.country})
MERGE (o)-[:LOCATED_IN]->(c)
