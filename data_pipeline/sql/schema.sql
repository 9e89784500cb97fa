-- Tables of the store. Loads are never deleted; each dataset keeps the typed rows of every load.

create table if not exists loads (
    load_id        bigint primary key,
    dataset        varchar not null,
    file_name      varchar not null,
    file_sha256    varchar not null,
    sheet_name     varchar,
    report_date    date not null,
    period_start   date,
    period_end     date,
    reporting_unit varchar,
    loaded_at      timestamp not null,
    loaded_by      varchar not null,
    row_count      integer not null,
    warning_count  integer not null default 0,
    money_unit     varchar,
    status         varchar not null default 'active' check (status in ('active', 'rolled_back')),
    -- 'report': a compilation (reporting_unit NULL) or a unit's own report; 'notice': the tasks read
    -- from one conclusion notice (reporting_unit names the notice), which stand beside the reports
    load_kind      varchar not null default 'report' check (load_kind in ('report', 'notice'))
);
alter table loads add column if not exists load_kind varchar default 'report';

-- The units each load names, with how many rows: `own` when the load speaks for the unit (every
-- unit of a compilation; a unit report's own units, not the rows of other units it carries).
-- Period: the month of the rows, for datasets kept month by month (revenue, trade, growth).
create table if not exists load_units (
    load_id  bigint not null,
    period   date,
    unit     varchar not null,
    rows     bigint not null,
    own      boolean not null
);

create table if not exists load_problems (
    load_id   bigint not null,
    severity  varchar not null,
    kind      varchar not null,
    sheet     varchar,
    row_no    integer,
    column_name varchar,
    message   varchar not null
);

create table if not exists load_events (
    event_at  timestamp not null,
    event     varchar not null,      -- 'rollback'
    load_id   bigint not null,
    actor     varchar not null
);

create table if not exists communes (
    commune_code varchar primary key,
    commune_name varchar not null,
    -- 'đặc khu': the island special zones, commune-level units elsewhere in the country
    commune_type varchar not null check (commune_type in ('xã', 'phường', 'đặc khu'))
);

create table if not exists stg_tasks (
    load_id               bigint not null,
    source_row            integer not null,
    task_id               varchar not null,
    title                 varchar not null,
    source_doc            varchar,
    lead_agency           varchar,
    coordinating_agencies varchar,
    commune_code          varchar,
    deadline              date,
    is_recurring          boolean not null,
    status                varchar not null check (status in ('done_on_time', 'done_late', 'in_progress', 'overdue', 'not_started')),
    completed_on          date,
    output                varchar,
    progress_note         varchar,
    report_date           date not null,
    -- report_score(progress_note), worked out when the row is stored (sql/derived/tasks.sql)
    note_score            integer
);
-- Stores made before note_score existed: the column is added, then filled by sql/derived/tasks.sql.
alter table stg_tasks add column if not exists note_score integer;
-- coordinating_agency_list(coordinating_agencies), likewise worked out when the row is stored.
alter table stg_tasks add column if not exists coordinating_list varchar[];

create table if not exists stg_disbursement (
    load_id        bigint not null,
    source_row     integer not null,
    project_id     varchar not null,
    project_name   varchar not null,
    investor       varchar,
    location       varchar,
    commune_code   varchar,
    capital_source varchar,
    sector         varchar,
    is_key_project boolean not null,
    plan_vnd       double,
    disbursed_vnd  double,
    obstacle       varchar,
    report_date    date not null
);

create table if not exists stg_mining (
    load_id           bigint not null,
    source_row        integer not null,
    mine_id           varchar not null,
    mine_name         varchar not null,
    mineral           varchar,
    company           varchar,
    commune_code      varchar,
    location          varchar,
    licensed_capacity double,
    actual_output     double,
    unit              varchar,
    period_start      date,
    period_end        date,
    license_expiry    date,
    status            varchar,
    report_date       date not null
);

create table if not exists stg_revenue (
    load_id           bigint not null,
    source_row        integer not null,
    period            date not null,
    area              varchar not null,
    item_code         varchar not null,
    item_name         varchar not null,
    parent_item_code  varchar,
    estimate_vnd      double,
    month_actual_vnd  double,
    ytd_actual_vnd    double,
    ytd_last_year_vnd double,
    report_date       date not null
);

create table if not exists stg_trade (
    load_id             bigint not null,
    source_row          integer not null,
    period              date not null,
    gate                varchar not null,
    direction           varchar not null check (direction in ('export', 'import')),
    value_usd           double,
    ytd_value_usd       double,
    last_year_value_usd double,
    vehicles            double,
    report_date         date not null
);

create table if not exists stg_growth (
    load_id            bigint not null,
    source_row         integer not null,
    period             date not null,
    sector_code        varchar not null,
    sector             varchar not null,
    parent_code        varchar,
    target_vnd         double,
    actual_vnd         double,
    target_growth_pct  double,
    actual_growth_pct  double,
    cause              varchar,
    measure            varchar,
    responsible_agency varchar,
    report_date        date not null
);

create table if not exists stg_dossiers (
    load_id          bigint not null,
    source_row       integer not null,
    unit_key         varchar not null,
    unit_name        varchar not null,
    unit_group       varchar,
    field            varchar,
    commune_code     varchar,
    period_start     date,
    period_end       date,
    carried_over     double,
    received_new     double,
    received_online  double,
    received_total   double,
    settled_early    double,
    settled_on_time  double,
    settled_late     double,
    settled_total    double,
    pending_in_time  double,
    pending_overdue  double,
    pending_total    double,
    report_date      date not null
);

create table if not exists stg_petitions (
    load_id               bigint not null,
    source_row            integer not null,
    petition_id           varchar not null,
    is_case               boolean not null,
    agency                varchar,
    commune_code          varchar,
    kind                  varchar check (kind in ('complaint', 'denunciation', 'recommendation')),
    content               varchar,
    received_on           date,
    due_on                date,
    settled_on            date,
    status                varchar check (status in ('settled', 'pending')),
    status_text           varchar,
    received_count        double,
    complaint_count       double,
    denunciation_count    double,
    recommendation_count  double,
    settled_count         double,
    pending_count         double,
    pending_overdue_count double,
    report_date           date not null
);

-- The rules of the monthly round of reports, from settings.toml ([reports]), written by
-- store.ensure_schema: the due day, and units expected to report each dataset beside those that have.
create table if not exists reporting_rules (key varchar primary key, value varchar);
create table if not exists expected_units (dataset varchar not null, unit varchar not null);

-- Each row's unit (units.row_units: an agency as agencies.toml spells it, a commune code, a gate) and
-- whether its load speaks for that unit (always, in a compilation): what the current views merge on.
alter table stg_tasks add column if not exists report_unit varchar;
alter table stg_tasks add column if not exists is_own boolean;
alter table stg_disbursement add column if not exists report_unit varchar;
alter table stg_disbursement add column if not exists is_own boolean;
alter table stg_mining add column if not exists report_unit varchar;
alter table stg_mining add column if not exists is_own boolean;
alter table stg_revenue add column if not exists report_unit varchar;
alter table stg_revenue add column if not exists is_own boolean;
alter table stg_trade add column if not exists report_unit varchar;
alter table stg_trade add column if not exists is_own boolean;
alter table stg_growth add column if not exists report_unit varchar;
alter table stg_growth add column if not exists is_own boolean;
alter table stg_dossiers add column if not exists report_unit varchar;
alter table stg_dossiers add column if not exists is_own boolean;
alter table stg_petitions add column if not exists report_unit varchar;
alter table stg_petitions add column if not exists is_own boolean;

-- Who may sign in, and with what role. Passwords are argon2 hashes, never the password itself.
create table if not exists accounts (
    username      varchar primary key,
    display_name  varchar not null,
    password_hash varchar not null,
    role          varchar not null check (role in ('viewer', 'editor', 'admin')),
    datasets      varchar[] not null,   -- editors: the datasets they may load
    communes      varchar[] not null,   -- editors: where set, the only communes their sheets may cover
    disabled      boolean not null default false,
    created_at    timestamp not null,
    updated_at    timestamp not null
);
-- editors: where set, the only agencies whose rows their sheets may carry (as agencies.toml spells them)
alter table accounts add column if not exists agencies varchar[] default [];

-- Signed-in browsers: a password sign-in lasts until it expires, its account is disabled, its role
-- changed or its password reset, or the account signs out (which ends every one of them). The
-- browser holds the token in a signed cookie; only its SHA-256 is kept here.
create table if not exists sessions (
    token_hash  varchar primary key,
    username    varchar not null,
    created_at  timestamp not null,
    expires_at  timestamp not null,
    ended_at    timestamp,
    ended_why   varchar
);

-- Who did what, when: sign-ins (and refused attempts), uploads (accepted or rejected, with the
-- file's hash), rollbacks and account changes. The one table a rejected upload may add a row to.
create table if not exists audit_log (
    event_at  timestamp not null,
    actor     varchar not null,
    action    varchar not null,
    target    varchar,
    detail    varchar,
    outcome   varchar not null check (outcome in ('ok', 'refused')),
    client    varchar  -- the address a sign-in came from (the dashboard's visitor), where known
);
alter table audit_log add column if not exists client varchar;  -- stores made before it was kept

-- Items a meeting marked for follow-up (đánh dấu theo dõi); the brief lists them as its conclusions.
-- item_key is '<link_param>:<link_value>' of the warning, e.g. 'task:NV-12'.
create table if not exists follow_ups (
    item_key      varchar primary key,
    domain        varchar not null,
    title         varchar not null,
    responsible   varchar,
    deadline      date,
    report_text   varchar,
    source_file   varchar,
    report_date   date,
    marked_at     timestamp not null,
    marked_by     varchar not null
);

-- Figures of each tasks load worked out once, when the load is stored (sql/derived/tasks.sql), from
-- the text of its rows: the marts add up the loads they show (active loads, or current ones), so a
-- rollback needs no recomputing. Derived from stg_tasks; never edited by hand.

-- Progress reports of tasks not yet done, per load and lead agency. earlier_loads: the loads before
-- this one in which the same agency reported on the same task; the task counts once, in its first
-- active load (`tasks` counts the tasks of this group).
create table if not exists task_reports_by_load (
    load_id           bigint not null,
    lead_agency       varchar not null,
    earlier_loads     bigint[] not null,
    reports           bigint not null,
    tasks             bigint not null,
    vague             bigint not null,
    with_date         bigint not null,
    with_quantity     bigint not null,
    with_output       bigint not null,
    score_sum         bigint not null,
    first_report_date date not null,
    last_report_date  date not null
);

