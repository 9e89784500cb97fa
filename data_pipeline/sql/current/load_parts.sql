-- Which loads the current views show, worked out from the loads alone (a few rows a load).
--
-- Each month every agency and commune sends its own report, and the province's compilations
-- arrive too. For datasets kept whole (tasks, disbursement, mining, dossiers, petitions), each
-- unit shows the rows of the newest active load that covers it: its own report (load_units, own)
-- or a compilation (reporting_unit NULL), whichever is newer (report_date, then loaded_at, then
-- load_id). The tasks read from each conclusion notice stand beside them (the notice's newest
-- load). Datasets kept month by month (revenue, trade, growth) pick the newest load for every
-- month and unit in their own views.
--
-- Every macro takes a list of as-of dates and answers for each: which loads showed then (only
-- loads whose report_date is not after it). ['infinity'::date] is now; the overview compares with
-- the end of the month before, the disbursement curve with the end of every month.

-- Active loads, numbered oldest to newest within their dataset.
create or replace view ranked_loads as
select
    *,
    row_number() over (partition by dataset order by report_date, loaded_at, load_id) as recency
from loads
where status = 'active';

-- The last report date of every month with active loads, per dataset: the points of a curve.
create or replace view month_checkpoints as
select dataset, max(report_date) as as_of
from ranked_loads
group by dataset, date_trunc('month', report_date);

create or replace macro loads_known_at(as_ofs) as table
select c.as_of, l.*
from (select unnest(as_ofs) as as_of) c
join ranked_loads l on l.report_date <= c.as_of;

-- The newest compilation of each dataset.
create or replace macro compilation_at(as_ofs) as table
select dataset, as_of, load_id, recency
from loads_known_at(as_ofs)
where reporting_unit is null and load_kind = 'report'
qualify row_number() over (partition by dataset, as_of order by recency desc) = 1;

-- Units whose own report is newer than the newest compilation: the load that shows each.
create or replace macro unit_parts_at(as_ofs) as table
with heads as (
    select l.dataset, l.as_of, u.unit, l.load_id, l.recency
    from loads_known_at(as_ofs) l
    join load_units u on u.load_id = l.load_id
    where u.own and u.period is null and l.reporting_unit is not null and l.load_kind = 'report'
    qualify row_number() over (partition by l.dataset, l.as_of, u.unit order by l.recency desc) = 1
)
select h.*
from heads h
left join compilation_at(as_ofs) c using (dataset, as_of)
where c.recency is null or h.recency > c.recency;

-- Every load that shows rows of a dataset kept whole, with the part it plays.
create or replace macro whole_loads_at(as_ofs) as table
select dataset, as_of, load_id, recency, 'compilation' as part from compilation_at(as_ofs)
union all
select distinct dataset, as_of, load_id, recency, 'unit' from unit_parts_at(as_ofs)
union all
select dataset, as_of, load_id, recency, 'notice'
from loads_known_at(as_ofs)
where load_kind = 'notice'
qualify row_number() over (partition by dataset, as_of, reporting_unit order by recency desc) = 1;


-- The current rows of a dataset kept whole (its stg_<dataset> table), for each as-of date (column
-- as_of). For each unit (the row's report_unit, or with by_commune also its commune_code), the rows
-- of the newest load covering it: its own report or the newest compilation; a row of another unit
-- that a unit's report carries is kept in history only (is_own false). An entity (entity_key, the
-- dataset's id column) reported by two loads shows once, from the newer. Each dataset's view in
-- sql/current/<dataset>.sql is this macro with its own arguments.
create or replace macro unit_rows_at(dataset_is, entity_key, by_commune, as_ofs) as table
with shown as (
    select * from whole_loads_at(as_ofs) where dataset = dataset_is
),
parts as (
    select * from unit_parts_at(as_ofs) where dataset = dataset_is
),
candidates as (
    select s.* exclude (source_row), s.source_row, l.file_name as source_file, k.as_of, k.recency as load_recency,
           coalesce(s[entity_key]::varchar, 'dòng ' || s.load_id || ':' || s.source_row) as entity
    from query_table('stg_' || dataset_is) s
    join shown k on k.load_id = s.load_id
    join loads l on l.load_id = s.load_id
    left join parts p1 on p1.as_of = k.as_of and p1.unit = s.report_unit
    left join parts p2 on by_commune and p2.as_of = k.as_of and p2.unit = s.commune_code
    where coalesce(s.is_own, true)
      and case k.part
              when 'notice' then true
              when 'unit' then case when coalesce(p1.recency, 0) >= coalesce(p2.recency, 0) then p1.load_id else p2.load_id end = s.load_id
              else case when coalesce(p1.recency, 0) >= coalesce(p2.recency, 0) then p1.load_id else p2.load_id end is null
          end
)
select * exclude (load_recency, entity)
from candidates
qualify row_number() over (partition by as_of, entity order by load_recency desc) = 1;
