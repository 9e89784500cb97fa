-- The two latest report dates of each dataset, one load each (the last loaded for that date):
-- what the overview compares, this period against the one before. The overview joins its staging
-- rows to this small view first, so it scans two loads whatever the history kept.
create or replace view latest_loads as
with one_per_date as (
    select dataset, load_id, report_date,
           row_number() over (partition by dataset, report_date order by loaded_at desc, load_id desc) as pick
    from loads
    where status = 'active'
),
ranked as (
    select dataset, load_id, report_date,
           row_number() over (partition by dataset order by report_date desc) as recency
    from one_per_date
    where pick = 1
)
select dataset, load_id, report_date, recency from ranked where recency <= 2;
