-- Current rows of tasks.
-- A row's unit is its report_unit; the newest report covering each unit shows (unit_rows_at,
-- load_parts.sql). `tasks_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro tasks_at(as_ofs) as table
select * from unit_rows_at('tasks', 'task_id', false, as_ofs);

create or replace view tasks as
select * exclude (as_of) from tasks_at(['infinity'::date]);

-- The table macros below read the view above, so they live here rather than in _macros.sql (which
-- runs before any view).

-- Current tasks with what a leader asks of each: done? late? due soon (within due_soon_days of the
-- report date)? is its latest report vague? One definition for task_list, task_counts and alerts.
-- The report's score was worked out when the row was stored (sql/derived/tasks.sql).
create or replace macro task_flags(due_soon_days) as table
select
    *,
    status in ('done_on_time', 'done_late') as is_done,
    status = 'overdue' as is_overdue,
    status in ('in_progress', 'not_started') and deadline is not null
        and deadline between report_date and report_date + cast(due_soon_days as integer) as is_due_soon,
    case when status = 'overdue' then report_date - deadline end as days_overdue,
    case when status in ('in_progress', 'not_started') and deadline is not null
         then deadline - report_date end as days_left,
    status not in ('done_on_time', 'done_late')
        and is_vague_score(progress_note, coalesce(note_score, report_score(progress_note))) as is_vague,
    coalesce(note_score, report_score(progress_note)) as report_score
from tasks;

-- The agencies a coordinating_agencies cell names, one element each. Sheets separate them with ';',
-- or with ',' / 'và' before the next agency's name (or before "các ..."); a comma or 'và' inside a
-- name ("Sở Văn hóa, Thể thao và Du lịch") stays. Groups ("các sở, ngành", "UBND các xã, phường", "cơ quan liên quan",
-- "nhà đầu tư") name no one in particular and are left out.
create or replace macro coordinating_agency_list(agencies) as
    list_distinct(list_filter(
        list_transform(
            string_split(regexp_replace(coalesce(agencies, ''),
                '(\s*,\s*|\s+và\s+)(các |Sở |Ban |UBND |Ủy ban |Uỷ ban |Văn phòng |Công an |Bộ Chỉ huy |Thuế |Chi cục |'
                || 'Kho bạc |Thống kê |Thanh tra |Bảo hiểm |Ngân hàng |Tỉnh đoàn|Đài |Báo |Cục |Trung tâm |Liên minh )',
                ';\2', 'g'), ';'),
            lambda a: trim(a)),
        lambda a: a <> '' and not regexp_matches(lower(a), '(^|\s)các\s|liên quan|nhà đầu tư|chủ đầu tư|đơn vị|địa phương')));

-- The leads of the current tasks counted on one line of the scoreboard (lead_line, _macros_leads.sql):
-- an agency's name, every group's for 'Nhiều cơ quan', NULL for '(chưa ghi cơ quan)'; every lead for
-- line NULL. Worked out once per distinct lead (the snapshot holds the current tasks as a table)
-- and gathered in an aggregate, which the query optimiser cannot turn back into lead_line on every
-- row: its regular expressions would take seconds over a million tasks.
create or replace macro task_lead_keys(line) as table
select unnest(leads) as lead_agency
from (
    select list(lead_agency) filter (where line is null or lead_line(lead_agency) = line) as leads
    from (select distinct lead_agency from tasks)
);

-- The flagged tasks a list shows: each filter NULL for all; only_kind 'overdue', 'due_soon' or 'vague';
-- lead_agency_is a line of the scoreboard (an agency, 'Nhiều cơ quan', '(chưa ghi cơ quan)').
-- task_list pages through them, task_counts counts them: both see the same tasks.
create or replace macro task_selection(due_soon_days, task_id_is, source_doc_is, commune_code_is, lead_agency_is,
                                       only_kind) as table
select f.*
from task_flags(due_soon_days) f
semi join task_lead_keys(lead_agency_is) k on f.lead_agency is not distinct from k.lead_agency
where (task_id_is is null or task_id = task_id_is)
  and (source_doc_is is null or source_doc = source_doc_is)
  and (commune_code_is is null or commune_code = commune_code_is)
  and (only_kind is null
       or (only_kind = 'overdue' and is_overdue)
       or (only_kind = 'due_soon' and is_due_soon)
       or (only_kind = 'vague' and is_vague));
