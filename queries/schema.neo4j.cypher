// title: Schema
// description: Uniqueness constraints (each backed by an index) on the identifiers of nodes. Idempotent.
// returns: nothing
// mode: write
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (x:Organization) REQUIRE x.id IS UNIQUE;
CREATE CONSTRAINT country_code IF NOT EXISTS FOR (x:Country) REQUIRE x.code IS UNIQUE;
CREATE CONSTRAINT expertise_id IF NOT EXISTS FOR (x:Expertise) REQUIRE x.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (x:Project) REQUIRE x.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (x:Agreement) REQUIRE x.id IS UNIQUE;
CREATE CONSTRAINT partnernet_meta_key IF NOT EXISTS FOR (x:PartnernetMeta) REQUIRE x.key IS UNIQUE;
