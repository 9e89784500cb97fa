-- The load each dataset shows now: active, latest report_date, latest loaded_at breaking ties,
-- one per reporting unit where a sheet states one.
create or replace view current_loads as
with ranked as (
    select
        l.*,
        row_number() over (
            partition by dataset, coalesce(reporting_unit, '')
            order by report_date desc, loaded_at desc, load_id desc
        ) as recency
    from loads l
    where status = 'active'
)
select * exclude (recency) from ranked where recency = 1;
