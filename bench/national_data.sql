-- National-size rows for every dataset, written straight into the staging tables of a store
-- whose `loads` already lists every load (bench/national_data.py plans them). Every value comes
-- from hash() of the row number, so two builds give the same store. Rows go in load by load, as
-- uploads append them, so that DuckDB's per-row-group min/max of load_id and period stay narrow.
-- Inputs: temp tables `plan_loads` (load_id, dataset, report_date, row_count, month_ix, unit_ix) and
-- `national_communes` (ix, commune_code, commune_name, province); $communes (how many),
-- $revenue_communes (how many of them report revenue), $units (the lead agencies that report
-- their own tasks each month), $projects, $mines, $gates.

create or replace temp macro rnd(i, salt) as (hash(i, salt) % 1000003) / 1000003.0;
create or replace temp macro pick(i, salt, n) as cast(hash(i, salt) % n as integer);

create or replace temp macro agencies() as [
    'Sở Tài chính', 'Sở Xây dựng', 'Sở Công Thương', 'Sở Nông nghiệp và Môi trường', 'Sở Nội vụ',
    'Sở Giáo dục và Đào tạo', 'Sở Y tế', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Khoa học và Công nghệ',
    'Sở Dân tộc và Tôn giáo', 'Văn phòng UBND', 'Ban Quản lý Khu kinh tế', 'Thuế', 'Công an',
    'Bảo hiểm xã hội', 'Thống kê', 'Ban Quản lý dự án đầu tư xây dựng', 'Sở Tư pháp', 'Thanh tra', 'Sở Ngoại vụ'];

create or replace temp macro task_phrases() as [
    'Rà soát, hoàn thiện hồ sơ giải phóng mặt bằng', 'Xây dựng kế hoạch chuyển đổi số',
    'Tham mưu ban hành quy định về đơn giá bồi thường', 'Đôn đốc giải ngân vốn đầu tư công',
    'Kiểm tra hoạt động khai thác khoáng sản', 'Tổ chức đối thoại với doanh nghiệp',
    'Hoàn thành cấp giấy chứng nhận quyền sử dụng đất', 'Báo cáo tình hình thu ngân sách',
    'Triển khai chương trình mục tiêu quốc gia', 'Giải quyết kiến nghị của cử tri'];

-- progress reports: half of them only say "đang triển khai / phối hợp / rà soát" (vague)
create or replace temp macro progress_notes() as [
    'Đang triển khai thực hiện', 'Đang phối hợp với các đơn vị liên quan', 'Đang rà soát, tổng hợp',
    'Đã hoàn thành 60% khối lượng, dự kiến xong trước 30/11',
    'Đã trình UBND tỉnh dự thảo quyết định ngày 15/10', 'Đã giải quyết 12 hồ sơ, còn 3 hồ sơ'];

-- The lead agencies that report on their own tasks: unit u is agency u % 20 of area u // 20.
create or replace temp macro unit_name(u) as
    agencies()[u % 20 + 1] || ' khu vực ' || cast(u // 20 + 1 as varchar);

-- tasks: in month k of the year the tasks assigned so far are tasks_k (row_count of the month's
-- compilation); each unit's own report lists its share of them (the task's unit is drawn from its
-- number), the compilations all of them. Status is judged at each load's report date.
insert into stg_tasks by name
with months as (
    select month_ix, max(row_count) as assigned from plan_loads
    where dataset in ('tasks', 'tasks_assigned') group by month_ix
),
month_rows as (
    select m.month_ix, t.i
    from months m, range((select max(assigned) from months)) t(i)
    where t.i < m.assigned
),
numbered as (
    select l.load_id, l.report_date, r.i
    from month_rows r
    join plan_loads l on l.dataset = 'tasks' and l.month_ix = r.month_ix
                     and (l.unit_ix is null or l.unit_ix = pick(r.i, 'agency', $units))
),
drawn as (
    select
        n.*,
        make_date(2025, 1, 1) + pick(i, 'assigned', 640) as assigned_on,
        rnd(i, 'recurring') < 0.08 as is_recurring,
        pick(i, 'days', 330) + 20 as days_given,
        rnd(i, 'done') as done_draw,
        pick(i, 'agency', $units) as agency_ix
    from numbered n
),
dated as (
    select
        *,
        case when not is_recurring then assigned_on + days_given end as deadline,
        -- when the task gets done (if ever): some early, some late, a fifth never in this span
        case when done_draw < 0.8 then assigned_on + cast(days_given * (0.4 + done_draw) as integer) end as done_on
    from drawn
),
placed as (
    -- half the tasks are local to one commune; the others still belong to its province
    select d.*, case when rnd(d.i, 'local') < 0.5 then c.commune_code end as commune_code, c.province
    from dated d
    join national_communes c on c.ix = pick(d.i, 'commune', $communes)
)
select
    load_id,
    i + 10 as source_row,
    'NV-' || lpad(cast(i as varchar), 7, '0') as task_id,
    task_phrases()[pick(i, 'phrase', 10) + 1] || ' (nhiệm vụ ' || cast(i as varchar) || ')' as title,
    'Thông báo ' || cast(pick(i, 'doc', 400) + 1 as varchar) || '/TB-UBND tỉnh ' || province as source_doc,
    unit_name(agency_ix) as lead_agency,
    unit_name(agency_ix) as report_unit,
    true as is_own,
    case when rnd(i, 'coord') < 0.5 then
        agencies()[pick(i, 'coord1', 20) + 1] || '; ' || agencies()[pick(i, 'coord2', 20) + 1] end as coordinating_agencies,
    commune_code,
    deadline,
    is_recurring,
    case
        when done_on is not null and done_on <= report_date then
            case when deadline is not null and done_on > deadline then 'done_late' else 'done_on_time' end
        when deadline is not null and deadline < report_date then 'overdue'
        when rnd(i, 'started') < 0.1 then 'not_started'
        else 'in_progress'
    end as status,
    case when done_on <= report_date then done_on end as completed_on,
    'Báo cáo kết quả thực hiện' as output,
    case when done_on <= report_date then 'Đã hoàn thành'
         else progress_notes()[pick(i + month(report_date), 'note', 6) + 1] end as progress_note,
    report_date
from placed
order by load_id, source_row;

-- disbursement: every load lists every project; disbursement grows through the year at each
-- project's own pace.
insert into stg_disbursement by name
with numbered as (
    select l.load_id, l.report_date, t.i,
           rnd(t.i, 'pace') * 1.3 as pace,
           month(l.report_date) / 12.0 as share_of_year
    from plan_loads l, range($projects) t(i)
    where l.dataset = 'disbursement'
)
select
    load_id,
    i + 12 as source_row,
    'DA-' || lpad(cast(i as varchar), 6, '0') as project_id,
    (['Đường giao thông', 'Trường học', 'Trạm y tế', 'Kè chống sạt lở', 'Nước sinh hoạt', 'Nhà văn hóa',
      'Cầu dân sinh', 'Thủy lợi'])[pick(i, 'kind', 8) + 1] || ' ' || c.commune_name || ' (' || cast(i as varchar) || ')' as project_name,
    'Ban Quản lý dự án đầu tư xây dựng ' || c.province as investor,
    c.commune_name || ', ' || c.province as location,
    case when rnd(i, 'several') < 0.9 then c.commune_code end as commune_code,
    (['Vốn ngân sách trung ương', 'Vốn ngân sách địa phương', 'Vốn ODA'])[pick(i, 'source', 3) + 1] as capital_source,
    (['Giao thông', 'Giáo dục', 'Y tế', 'Nông nghiệp', 'Văn hóa', 'Thủy lợi', 'Cấp nước', 'Quốc phòng'])[pick(i, 'sector', 8) + 1] as sector,
    rnd(i, 'key') < 0.02 as is_key_project,
    round(1e9 + rnd(i, 'plan') * 199e9, -6) as plan_vnd,
    round(least(1.0, pace * share_of_year) * (1e9 + rnd(i, 'plan') * 199e9), -6) as disbursed_vnd,
    case when rnd(i, 'obstacle') < 0.1 then 'Vướng mắc giải phóng mặt bằng' end as obstacle,
    report_date,
    'Ban Quản lý dự án đầu tư xây dựng ' || c.province as report_unit,
    true as is_own
from numbered
join national_communes c on c.ix = pick(i, 'commune', $communes)
order by load_id, source_row;

-- mining: every load lists every mine, output of the year to date.
insert into stg_mining by name
select
    l.load_id,
    t.i + 12 as source_row,
    cast(t.i + 1 as varchar) || '/GP-BTNMT' as mine_id,
    'Mỏ ' || (['đá vôi', 'cát sỏi', 'sắt', 'mangan', 'thiếc', 'than'])[pick(t.i, 'mineral', 6) + 1] || ' số ' || cast(t.i + 1 as varchar) as mine_name,
    (['Đá vôi', 'Cát, sỏi', 'Quặng sắt', 'Quặng mangan', 'Quặng thiếc', 'Than'])[pick(t.i, 'mineral', 6) + 1] as mineral,
    'Công ty cổ phần khoáng sản ' || c.province as company,
    c.commune_code,
    c.commune_name as location,
    round(10000 + rnd(t.i, 'capacity') * 490000) as licensed_capacity,
    case when rnd(t.i + month(l.report_date), 'reported') < 0.95 then
        round((10000 + rnd(t.i, 'capacity') * 490000) * rnd(t.i, 'use') * 1.2 * month(l.report_date) / 12.0) end as actual_output,
    case when pick(t.i, 'mineral', 6) < 2 then 'm3/năm' else 'tấn/năm' end as unit,
    make_date(year(l.report_date), 1, 1) as period_start,
    l.report_date as period_end,
    make_date(2026, 1, 1) + pick(t.i, 'expiry', 2200) - 365 as license_expiry,
    case when rnd(t.i, 'status') < 0.9 then 'Đang khai thác' else 'Tạm dừng' end as status,
    l.report_date,
    c.commune_code as report_unit,
    true as is_own
from plan_loads l, range($mines) t(i)
join national_communes c on c.ix = pick(t.i, 'commune', $communes)
where l.dataset = 'mining'
order by load_id, source_row;

-- revenue: one load a month reports that month, for the whole country and for every commune.
insert into stg_revenue by name
with items as (
    select * from (values
        (0, 'A', 'Tổng thu ngân sách nhà nước trên địa bàn (A = I + II)', null, 1.0),
        (1, 'A.I', 'Thu nội địa', 'A', 0.8), (2, 'A.II', 'Thu từ hoạt động xuất nhập khẩu', 'A', 0.2),
        (3, 'A.I.1', 'Thu từ doanh nghiệp nhà nước', 'A.I', 0.1),
        (4, 'A.I.2', 'Thu từ doanh nghiệp có vốn đầu tư nước ngoài', 'A.I', 0.1),
        (5, 'A.I.3', 'Thu từ khu vực ngoài quốc doanh', 'A.I', 0.15),
        (6, 'A.I.4', 'Thuế thu nhập cá nhân', 'A.I', 0.05), (7, 'A.I.5', 'Thuế bảo vệ môi trường', 'A.I', 0.05),
        (8, 'A.I.6', 'Lệ phí trước bạ', 'A.I', 0.03), (9, 'A.I.7', 'Thu phí, lệ phí', 'A.I', 0.03),
        (10, 'A.I.8', 'Thu tiền sử dụng đất', 'A.I', 0.2), (11, 'A.I.9', 'Thu tiền thuê đất', 'A.I', 0.03),
        (12, 'A.I.10', 'Thu tiền cấp quyền khai thác khoáng sản', 'A.I', 0.02),
        (13, 'A.I.11', 'Thu khác ngân sách', 'A.I', 0.04), (14, 'A.I.12', 'Thu từ xổ số kiến thiết', 'A.I', 0.02),
        (15, 'A.II.1', 'Thuế xuất khẩu', 'A.II', 0.05), (16, 'A.II.2', 'Thuế nhập khẩu', 'A.II', 0.05),
        (17, 'A.II.3', 'Thuế giá trị gia tăng hàng nhập khẩu', 'A.II', 0.08),
        (18, 'A.II.4', 'Thuế tiêu thụ đặc biệt hàng nhập khẩu', 'A.II', 0.01),
        (19, 'A.II.5', 'Thu khác từ xuất nhập khẩu', 'A.II', 0.01)
    ) t(ix, item_code, item_name, parent_item_code, share)
),
areas as (
    select -1 as ix, 'Toàn tỉnh' as area, $revenue_communes * 1.0 as weight
    union all
    select ix, commune_code, 0.5 + rnd(ix, 'weight') from national_communes where ix < $revenue_communes
),
rows as (
    select l.load_id, l.report_date, date_trunc('month', l.report_date)::date as period,
           a.ix as area_ix, a.area, a.weight, it.*,
           a.weight * it.share * 12e9 * (1 + 0.06 * (year(l.report_date) - 2022)) as estimate
    from plan_loads l, areas a, items it
    where l.dataset = 'revenue'
)
select
    load_id,
    12 + 30 * (area_ix + 1) + ix as source_row,
    period, area, item_code, item_name, parent_item_code,
    round(estimate, -6) as estimate_vnd,
    round(estimate / 12 * (0.7 + 0.5 * rnd(area_ix * 1000 + ix, period)), -6) as month_actual_vnd,
    round(estimate * month(period) / 12 * (0.85 + 0.25 * rnd(area_ix * 1000 + ix, year(period))), -6) as ytd_actual_vnd,
    round(estimate / 1.06 * month(period) / 12 * (0.85 + 0.25 * rnd(area_ix * 1000 + ix, year(period) - 1)), -6) as ytd_last_year_vnd,
    report_date,
    area as report_unit,
    true as is_own
from rows
order by load_id, source_row;

-- trade: one load a month, every gate in both directions.
insert into stg_trade by name
select
    l.load_id,
    12 + 2 * g.i + d.ix as source_row,
    date_trunc('month', l.report_date)::date as period,
    'Cửa khẩu số ' || cast(g.i + 1 as varchar) as gate,
    d.direction,
    round(1e5 + rnd(g.i * 2 + d.ix, l.report_date) * 3e7, -2) as value_usd,
    null as ytd_value_usd,
    null as last_year_value_usd,
    round(50 + rnd(g.i * 2 + d.ix, l.report_date) * 2000) as vehicles,
    l.report_date,
    'Cửa khẩu số ' || cast(g.i + 1 as varchar) as report_unit,
    true as is_own
from plan_loads l, range($gates) g(i), (values (0, 'export'), (1, 'import')) d(ix, direction)
where l.dataset = 'trade'
order by load_id, source_row;

-- What each load lists, as an upload records it (load_units): its rows' units, and the commune
-- of each project as well; a unit's report speaks for its own unit.
insert into load_units
select s.load_id, null, s.report_unit, count(*), l.reporting_unit is null or l.reporting_unit = s.report_unit
from stg_tasks s join loads l using (load_id) group by all;
insert into load_units
select load_id, null, report_unit, count(*), true from stg_disbursement group by all
union all select load_id, null, commune_code, count(*), true from stg_disbursement where commune_code is not null group by all
union all select load_id, null, report_unit, count(*), true from stg_mining group by all
union all select load_id, period, report_unit, count(*), true from stg_revenue group by all
union all select load_id, period, report_unit, count(*), true from stg_trade group by all;
update loads set row_count = c.rows from (select load_id, count(*) as rows from stg_tasks group by 1) c
where loads.load_id = c.load_id;
