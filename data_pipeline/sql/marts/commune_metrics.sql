-- Per commune, the figures the map can colour by; every one of the 56 communes appears.
with task_counts as (
    select commune_code,
           count(*) as tasks,
           count(*) filter (where status = 'overdue') as overdue_tasks
    from tasks where commune_code is not null group by commune_code
),
project_sums as (
    select commune_code,
           count(*) as projects,
           sum(plan_vnd) as plan_vnd,
           sum(disbursed_vnd) as disbursed_vnd,
           count(*) filter (where plan_vnd > 0 and is_low_disbursement(100.0 * disbursed_vnd / nullif(plan_vnd, 0),
                elapsed_pct(report_date), report_date, $low_rate_of_elapsed, $low_rate_floor_pct)) as low_projects
    from disbursement where commune_code is not null group by commune_code
),
mine_counts as (
    select commune_code,
           count(*) as mines,
           count(*) filter (where actual_output is not null and 100.0 * actual_output
               / nullif(expected_output(licensed_capacity, period_start, period_end, report_date), 0) < $far_below_pct) as mines_far_below
    from mining where commune_code is not null group by commune_code
),
dossier_counts as (
    select commune_code,
           sum(pending_overdue) as dossiers_overdue,
           round(dossier_on_time_pct(sum(settled_early), sum(settled_on_time), sum(settled_late)), 1) as dossiers_on_time_pct
    from dossiers where commune_code is not null group by commune_code
),
petition_counts as (
    select commune_code,
           sum(pending_count) as petitions_pending,
           count(*) filter (where petition_state(status, received_on, due_on, report_date, $petition_warn_days,
                                                 $petition_long_days) = 'red')
               + coalesce(sum(pending_overdue_count), 0) as petitions_pending_long
    from petitions where commune_code is not null group by commune_code
)
select
    c.commune_code, c.commune_name, c.commune_type,
    coalesce(t.tasks, 0) as tasks,
    coalesce(t.overdue_tasks, 0) as overdue_tasks,
    coalesce(p.projects, 0) as projects,
    p.plan_vnd, p.disbursed_vnd,
    round(100.0 * p.disbursed_vnd / nullif(p.plan_vnd, 0), 1) as disbursement_pct,
    coalesce(p.low_projects, 0) as low_projects,
    coalesce(m.mines, 0) as mines,
    coalesce(m.mines_far_below, 0) as mines_far_below,
    coalesce(d.dossiers_overdue, 0) as dossiers_overdue,
    d.dossiers_on_time_pct,
    coalesce(pe.petitions_pending, 0) as petitions_pending,
    coalesce(pe.petitions_pending_long, 0) as petitions_pending_long
from communes c
left join task_counts t using (commune_code)
left join project_sums p using (commune_code)
left join mine_counts m using (commune_code)
left join dossier_counts d using (commune_code)
left join petition_counts pe using (commune_code)
order by c.commune_code
