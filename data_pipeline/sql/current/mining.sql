-- Current rows of mining: one row per licensed mine. A mine's unit is its commune.
-- For each unit (the row's report_unit), the rows of the newest load
-- covering it: its own report or the newest compilation (load_parts.sql); a row of another unit
-- that a unit's report carries is kept in history only (is_own false). A mine_id reported by two
-- loads shows once, from the newer. `mining_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro mining_at(as_ofs) as table
with shown as (
    select * from whole_loads_at(as_ofs) where dataset = 'mining'
),
parts as (
    select * from unit_parts_at(as_ofs) where dataset = 'mining'
),
candidates as (
    select s.* exclude (source_row), s.source_row, l.file_name as source_file, k.as_of, k.recency as load_recency
    from stg_mining s
    join shown k on k.load_id = s.load_id
    join loads l on l.load_id = s.load_id
    left join parts p1 on p1.as_of = k.as_of and p1.unit = s.report_unit
    where coalesce(s.is_own, true)
      and case k.part
              when 'notice' then true
              when 'unit' then p1.load_id = s.load_id
              else p1.load_id is null
          end
)
select * exclude (load_recency)
from candidates
qualify row_number() over (
    partition by as_of, coalesce(mine_id, 'dòng ' || load_id || ':' || source_row) order by load_recency desc) = 1;

create or replace view mining as
select * exclude (as_of) from mining_at(['infinity'::date]);
