-- Base tables written by the ingest pipeline (not models; `complaint-lens build` reads them).
-- Documented field by field in docs/schema.md. Timestamps are naive local wall-clock time in the
-- configured time zone (default Asia/Shanghai); inputs that carry an offset are converted to it.

create sequence if not exists load_run_seq start 1;

-- Every distinct version of every complaint ever loaded; exactly one per complaint has
-- is_current. (complaint_id, version_no) is unique — checked by data tests, not by an index:
-- DuckDB's ART index made bulk loads and the end-of-run checkpoint several times slower.
create table if not exists complaint_versions (
  complaint_id varchar not null,
  version_no integer not null,
  received_at timestamp not null,
  channel varchar,
  customer_id varchar,
  product varchar,
  product_category varchar,
  batch varchar,
  production_date date,
  region varchar,
  complaint_type varchar,
  severity varchar,
  description varchar,
  customer_demand varchar,
  department varchar,
  dispatch_count integer,
  first_response_at timestamp,
  resolved_at timestamp,
  closed_at timestamp,
  status varchar,
  resolution varchar,
  compensation decimal(18, 2),
  satisfaction double,
  satisfaction_raw varchar,
  updated_at timestamp,
  extra json,
  row_hash varchar not null,
  is_current boolean not null,
  first_loaded_run bigint not null,
  load_run_id bigint not null,
  source_file varchar not null
);

-- Fields added by issue 12 (the product hierarchy, the structured cause, the unit's identity and
-- use, the incident date): added in place to warehouses built before them. Appended after the
-- lineage columns, so inserts name their columns (merge.ts does).
alter table complaint_versions add column if not exists brand varchar;
alter table complaint_versions add column if not exists series varchar;
alter table complaint_versions add column if not exists model_year integer;
alter table complaint_versions add column if not exists component varchar;
alter table complaint_versions add column if not exists serial_no varchar;
alter table complaint_versions add column if not exists usage double;
alter table complaint_versions add column if not exists incident_at timestamp;

-- One current row per complaint: the current versions. A view, so that a load writes each row
-- once (an earlier design kept a second table copy, which doubled load and checkpoint time).
create or replace view complaints as
select * exclude (is_current, load_run_id), load_run_id as last_loaded_run
from complaint_versions
where is_current;

-- One row per input file per run. read = new + updated + unchanged + rejected, always.
create table if not exists load_runs (
  run_id bigint not null,
  file varchar not null,
  kind varchar not null default 'complaints', -- complaints | volumes | actions
  started_at timestamp not null,
  finished_at timestamp,
  status varchar not null,
  rows_read bigint not null default 0,
  rows_new bigint not null default 0,
  rows_updated bigint not null default 0,
  rows_unchanged bigint not null default 0,
  rows_rejected bigint not null default 0,
  format varchar,
  encoding varchar,
  bytes bigint,
  message varchar,
  primary key (run_id, file)
);
-- How product / product_category / batch were derived from a brand › series › model-year
-- hierarchy (pipeline/ingest/derive.ts), and the canonical fields the file lacked, with the
-- analyses each one disables (pipeline/ingest/coverage.ts). NULL when nothing was derived/missing.
alter table load_runs add column if not exists derivation varchar;
alter table load_runs add column if not exists missing_fields varchar;

-- Per load, per file, per raw column: the canonical field it fed (NULL: kept in extra, i.e.
-- unmapped) and how that was decided — mapping file, synonym, contains, content inference — plus
-- one row per derived field (column_index NULL, method 'derived'). The Pipeline page shows it.
create table if not exists load_mappings (
  run_id bigint not null,
  file varchar not null,
  column_index integer,
  header varchar,
  field varchar,
  method varchar,
  confidence double,
  reason varchar
);

-- Every refused input row with its reason and the raw row as read.
create table if not exists rejects (
  run_id bigint not null,
  file varchar not null,
  row_number bigint,
  reason varchar not null,
  message varchar,
  raw varchar,
  complaint_id varchar
);

-- Per load, per file, per canonical field: how many values were present, empty, or present but
-- unparseable (and so stored as NULL). mart_data_quality builds on it.
create table if not exists field_quality (
  run_id bigint not null,
  file varchar not null,
  field varchar not null,
  source_header varchar,
  rows bigint not null,
  nulls bigint not null,
  unparsed bigint not null,
  unparsed_example varchar,
  primary key (run_id, file, field)
);

-- Production / shipment units per product and batch (the --volumes file).
create table if not exists volumes (
  product varchar not null,
  batch varchar not null,
  production_date date,
  units bigint not null,
  source_file varchar not null,
  primary key (product, batch)
);

-- Actions already taken (the --actions file): recalls, containment and corrective actions on a
-- product's batch or model year, optionally for one component (docs/schema.md). component_key is
-- the component or '' (one action of a type per batch, component and opening date).
create table if not exists actions (
  product varchar not null,
  batch varchar not null,
  component varchar,
  component_key varchar not null,
  action_type varchar not null,
  opened_on date not null,
  closed_on date,
  reference varchar,
  source_file varchar not null,
  primary key (product, batch, component_key, action_type, opened_on)
);

-- Model runs recorded by `complaint-lens build`.
create table if not exists model_runs (
  run_id bigint not null,
  model varchar not null,
  started_at timestamp not null,
  rows bigint,
  milliseconds double,
  status varchar not null,
  message varchar
);

-- Data-test results of the latest build.
create table if not exists data_test_results (
  run_id bigint not null,
  test varchar not null,
  severity varchar not null,
  failures bigint not null,
  status varchar not null,
  sample json
);


-- Every recommendation ever raised (mart_recommendations), so a recommendation keeps the date it
-- was first raised however its evidence is recomputed on later nights. Written after each build
-- that rebuilt the mart (pipeline/models/recommendationLog.ts); read by mart_recommendations.
-- last_run_id / last_score: the run that raised it or last changed its score, and that score (a
-- row is rewritten only when its score changes, so a night that changes nothing keeps the log).
create table if not exists recommendation_log (
  rec_id varchar not null,
  rule varchar not null,
  subject_key varchar not null,
  first_raised_on date not null,
  first_run_id bigint not null,
  last_run_id bigint not null,
  last_score double
);
