// title: Raw countries
// description: Raw baseline: merges Country nodes keyed by code, with their columns; no hash, no provenance.
// param rows: Rows of the countries table, dates as ISO text.
// returns: nothing
// mode: write
UNWIND $rows AS row
MERGE (c:Country {code: row.code})
SET c.name = row.name, c.name_fr = row.name_fr, c.priority = row.priority
