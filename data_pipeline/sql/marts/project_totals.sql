-- The figures over the projects list: plan and disbursed summed, how many projects, how many low, how
-- many key projects. The disbursement_projects mart's own rows, with its filters (commune_code, only).
with projects as (
    -- rows of mart: disbursement_projects
)
select coalesce(sum(plan_vnd), 0) as plan_vnd,
       coalesce(sum(disbursed_vnd), 0) as disbursed_vnd,
       count(*) as projects,
       count(*) filter (where is_low) as low,
       count(*) filter (where is_key_project) as key
from projects
