/**
 * The store's schema: a long, tidy model (docs/data-model.md).
 * Bump SCHEMA_VERSION whenever a table changes: a store built with another version is rebuilt.
 */
export const SCHEMA_VERSION = 3;

export const SCHEMA_SQL = `
CREATE TABLE dataset (
  id VARCHAR PRIMARY KEY,
  publisher VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  release DATE NOT NULL,
  geography_vintage VARCHAR NOT NULL,
  licence VARCHAR NOT NULL,
  attribution VARCHAR NOT NULL,
  url VARCHAR NOT NULL,
  notes VARCHAR NOT NULL,
  observations BIGINT NOT NULL,
  load_ms INTEGER NOT NULL
);
CREATE TABLE dataset_file (
  dataset_id VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  bytes BIGINT NOT NULL
);
CREATE TABLE measure (
  dataset_id VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  unit VARCHAR NOT NULL,
  price_basis VARCHAR NOT NULL,
  additive BOOLEAN NOT NULL,
  description VARCHAR NOT NULL,
  PRIMARY KEY (dataset_id, id)
);
CREATE TABLE area (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  level VARCHAR NOT NULL,
  vintages VARCHAR[] NOT NULL
);
CREATE TABLE area_parent (
  code VARCHAR NOT NULL,
  parent_code VARCHAR NOT NULL,
  parent_level VARCHAR NOT NULL,
  vintage VARCHAR NOT NULL,
  best_fit BOOLEAN NOT NULL,
  source VARCHAR NOT NULL
);
CREATE TABLE area_crosswalk (
  from_code VARCHAR NOT NULL,
  from_vintage VARCHAR NOT NULL,
  to_code VARCHAR NOT NULL,
  to_vintage VARCHAR NOT NULL,
  to_name VARCHAR NOT NULL,
  source VARCHAR NOT NULL
);
CREATE TABLE industry (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  level VARCHAR NOT NULL,
  classification VARCHAR NOT NULL,
  parent_code VARCHAR,
  divisions VARCHAR[] NOT NULL
);
CREATE TABLE industry_alias (
  classification VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  code VARCHAR NOT NULL
);
CREATE TABLE boundary (
  level VARCHAR NOT NULL,
  vintage VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  geometry VARCHAR NOT NULL,
  source VARCHAR NOT NULL
);
CREATE TABLE observation (
  dataset VARCHAR NOT NULL,
  measure VARCHAR NOT NULL,
  unit VARCHAR NOT NULL,
  price_basis VARCHAR NOT NULL,
  area VARCHAR NOT NULL,
  industry VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  year SMALLINT NOT NULL,
  breakdown VARCHAR NOT NULL,
  value DOUBLE,
  status VARCHAR NOT NULL
);
CREATE TABLE firm (
  dataset VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  incorporated DATE,
  postcode VARCHAR,
  area VARCHAR,
  easting DOUBLE,
  northing DOUBLE,
  lat DOUBLE,
  lon DOUBLE
);
CREATE TABLE firm_sic (
  dataset VARCHAR NOT NULL,
  firm_id VARCHAR NOT NULL,
  position TINYINT NOT NULL,
  sic VARCHAR NOT NULL,
  sic_version VARCHAR NOT NULL
);
CREATE TABLE firm_employees (
  dataset VARCHAR NOT NULL,
  firm_id VARCHAR NOT NULL,
  period_end DATE NOT NULL,
  employees INTEGER NOT NULL,
  employees_last_year INTEGER
);
CREATE TABLE flow (
  dataset VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  origin_kind VARCHAR NOT NULL,
  destination VARCHAR NOT NULL,
  destination_kind VARCHAR NOT NULL,
  category VARCHAR,
  weight DOUBLE NOT NULL,
  unit VARCHAR NOT NULL
);
CREATE TABLE flow_code (
  dataset VARCHAR NOT NULL,
  field VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  code_kind VARCHAR NOT NULL
);
CREATE TABLE site (
  dataset VARCHAR NOT NULL,
  site_id VARCHAR NOT NULL,
  brand VARCHAR NOT NULL,
  brand_short VARCHAR,
  role VARCHAR NOT NULL,
  site_type VARCHAR,
  name VARCHAR,
  address VARCHAR,
  town VARCHAR,
  postcode VARCHAR,
  lat DOUBLE NOT NULL,
  lon DOUBLE NOT NULL,
  lad_code VARCHAR,
  lad_method VARCHAR,
  lad_distance_m DOUBLE,
  status VARCHAR NOT NULL,
  opened_year SMALLINT,
  closed_year SMALLINT,
  closed_month TINYINT,
  size_band VARCHAR,
  size_class VARCHAR,
  sic VARCHAR,
  flag VARCHAR
);
CREATE TABLE brand_head_office (
  dataset VARCHAR NOT NULL,
  brand VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL,
  legal_entity VARCHAR,
  group_parent VARCHAR,
  registry VARCHAR,
  registration_number VARCHAR,
  registered_office_address VARCHAR,
  registered_office_postcode VARCHAR,
  head_office_town VARCHAR,
  lad_code VARCHAR,
  lad_method VARCHAR,
  source_url VARCHAR,
  notes VARCHAR,
  source_dataset VARCHAR NOT NULL
);
CREATE TABLE sector_definition (
  dataset VARCHAR NOT NULL,
  sector VARCHAR NOT NULL,
  sector_name VARCHAR NOT NULL,
  parent_sector VARCHAR,
  group_name VARCHAR NOT NULL,
  sic_level VARCHAR NOT NULL,
  sic_code VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  source_url VARCHAR NOT NULL
);
CREATE TABLE build_info (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
`;
