-- Rules for the growth scenario, administrative dossiers and petitions, used by their marts,
-- by alerts and by the overview. Thresholds come in as arguments (from settings.toml).

-- How far an estimate lies from the scenario's path: in % of the path where values are given,
-- else in points of growth rate. Negative is behind.
create or replace macro growth_gap_pct(target_vnd, actual_vnd) as
    100.0 * (actual_vnd - target_vnd) / nullif(abs(target_vnd), 0);

create or replace macro growth_gap_points(target_pct, actual_pct) as actual_pct - target_pct;

-- 'red', 'amber' or 'green' for a sector's month, the worse of its value and its growth rate
-- against the scenario; NULL where the sheet gives nothing to compare.
create or replace macro growth_state(target_vnd, actual_vnd, target_pct, actual_pct,
                                     behind_pct, far_behind_pct, behind_points, far_behind_points) as
    case
        when growth_gap_pct(target_vnd, actual_vnd) < -far_behind_pct
          or growth_gap_points(target_pct, actual_pct) < -far_behind_points then 'red'
        when growth_gap_pct(target_vnd, actual_vnd) < -behind_pct
          or growth_gap_points(target_pct, actual_pct) < -behind_points then 'amber'
        when growth_gap_pct(target_vnd, actual_vnd) is not null
          or growth_gap_points(target_pct, actual_pct) is not null then 'green'
    end;

-- Share of settled dossiers settled early or on time, in percent.
create or replace macro dossier_on_time_pct(early, on_time, late) as
    100.0 * (coalesce(early, 0) + coalesce(on_time, 0))
          / nullif(coalesce(early, 0) + coalesce(on_time, 0) + coalesce(late, 0), 0);

-- A unit's backlog: red at many dossiers past due, amber at any, or at a low on-time share.
create or replace macro dossier_state(pending_overdue, on_time_pct, overdue_red, on_time_min_pct) as
    case when coalesce(pending_overdue, 0) >= overdue_red then 'red'
         when coalesce(pending_overdue, 0) > 0 or on_time_pct < on_time_min_pct then 'amber'
         else 'green' end;

-- A pending petition case: red past its due date or pending long, amber pending a while.
create or replace macro petition_state(status, received_on, due_on, report_date, warn_days, long_days) as
    case when status <> 'pending' then null
         when due_on < report_date or report_date - received_on > long_days then 'red'
         when report_date - received_on > warn_days then 'amber'
         else 'green' end;
