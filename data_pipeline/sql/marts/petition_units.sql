-- Petitions per handling agency or commune: received by kind, settled, pending, and how many
-- have been pending long (from a list of cases) or past due (as a summary report states).
with rows_now as (
    select p.*,
           petition_state(p.status, p.received_on, p.due_on, p.report_date, $petition_warn_days, $petition_long_days) as state
    from petitions p
)
select
    coalesce(agency, 'Chưa ghi cơ quan') as agency,
    sum(received_count) as received,
    sum(complaint_count) as complaints,
    sum(denunciation_count) as denunciations,
    sum(recommendation_count) as recommendations,
    sum(settled_count) as settled,
    sum(pending_count) as pending,
    round(100.0 * sum(settled_count) / nullif(sum(received_count), 0), 1) as settled_pct,
    count(*) filter (where state = 'red') + coalesce(sum(pending_overdue_count), 0) as pending_long,
    count(*) filter (where state = 'amber') as pending_a_while,
    max(report_date - received_on) filter (where status = 'pending') as max_days_pending,
    bool_or(is_case) as from_cases,
    max(report_date) as report_date
from rows_now
group by all
order by pending_long desc, pending desc nulls last, agency
