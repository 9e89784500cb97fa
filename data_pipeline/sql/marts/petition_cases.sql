-- Petition cases of the current list, pending first and longest pending first, with the days
-- each has waited since it was received and its warning state.
select
    p.petition_id, p.agency, p.commune_code, c.commune_name, p.kind,
    case p.kind when 'complaint' then 'Khiếu nại' when 'denunciation' then 'Tố cáo'
                when 'recommendation' then 'Kiến nghị, phản ánh' else 'Chưa phân loại' end as kind_label,
    p.content, p.received_on, p.due_on, p.settled_on, p.status,
    case p.status when 'settled' then 'Đã giải quyết' else 'Đang giải quyết' end as status_label,
    p.status_text,
    case when p.status = 'pending' then p.report_date - p.received_on end as days_pending,
    case when p.status = 'settled' then p.settled_on - p.received_on end as days_to_settle,
    petition_state(p.status, p.received_on, p.due_on, p.report_date, $petition_warn_days, $petition_long_days) as state,
    p.report_date, p.source_file, p.source_row
from petitions p
left join communes c using (commune_code)
where p.is_case
order by p.status = 'pending' desc, days_pending desc nulls last, p.received_on, p.petition_id
