-- Business rules used by more than one mart, written once. Thresholds come in as arguments
-- (the marts pass them from settings.toml).

-- The last day of the month before a date's month: where "last month" stood.
create or replace macro month_before(d) as (date_trunc('month', d) - interval 1 day)::date;

-- Share of the calendar year gone by a date, in percent: where disbursement "should be".
create or replace macro elapsed_pct(d) as
    100.0 * dayofyear(d) / dayofyear(make_date(year(d), 12, 31));

-- A project is low when its rate is below a share of the elapsed time, or below a floor once Q1 is over.
create or replace macro is_low_disbursement(rate_pct, expected_pct, report_date, share, floor_pct) as
    rate_pct < share * expected_pct or (month(report_date) > 3 and rate_pct < floor_pct);

-- The part of a yearly licensed capacity that a reporting period covers.
create or replace macro expected_output(capacity, period_start, period_end, report_date) as
    capacity * (coalesce(period_end, report_date) - coalesce(period_start, make_date(year(report_date), 1, 1)) + 1) / 365.0;

-- What a progress report gives a reader to check it against; each is true or false.
-- A date or milestone: "20/5", "ngày 12", "tháng 10", "quý III", "tuần tới".
create or replace macro report_has_date(note) as
    regexp_matches(coalesce(note, ''),
                   '(?i)\b([0-2]?\d|3[01])\s*/\s*(0?[1-9]|1[0-2])\b|ngày\s+\d{1,2}\b|tháng\s+\d{1,2}\b|quý\s+(i{1,3}|iv|[1-4])\b|tuần\s+(này|sau|tới)');

-- A quantity: a number with what it counts ("46%", "41/56 xã", "12 sở, ngành", "9 hộ", "3,5 km").
create or replace macro report_has_quantity(note) as
    regexp_matches(coalesce(note, ''),
                   '(?i)\d+([.,]\d+)*\s*(%|km\b|m2|m3|ha\b|tấn|tỷ|triệu|nghìn|hộ\b|hồ sơ|dự án|văn bản|xã|phường|'
                   || 'đơn vị|doanh nghiệp|công trình|người|vị trí|mỏ\b|giấy phép|nhà\b|trường|lượt|cơ sở|sở\b|ngành|'
                   || 'học sinh|phòng|bản\b|đợt|điểm|tuyến|cầu\b|hạng mục|gói thầu|thủ tục)');

-- An output: a numbered document, or a result already delivered ("Đã trình ...", "Tờ trình số 45").
create or replace macro report_has_output(note) as
    regexp_matches(coalesce(note, ''),
                   '(?i)(tờ trình|quyết định|công văn|kế hoạch|báo cáo|văn bản|biên bản|giấy phép|thông báo|dự thảo|'
                   || 'đề án|phương án)\s+(số\s*)?\d|\d+/(qđ|ttr|bc|kh|cv|tb|ubnd)|'
                   || 'đã (trình|ban hành|ký|gửi|cấp|phê duyệt|bàn giao|nghiệm thu|thông xe|đưa vào|lập|tổ chức|'
                   || 'chi trả|giải ngân|báo cáo|hoàn thành|số hóa|lấy ý kiến|khảo sát|làm việc)');

-- 0 to 3: how many of date, quantity and output a report gives.
create or replace macro report_score(note) as
    report_has_date(note)::integer + report_has_quantity(note)::integer + report_has_output(note)::integer;

-- A report with words but nothing to check them against: "Đang triển khai", "Đang phối hợp",
-- "Đang rà soát", "Chưa hoàn thành". No report at all is another matter, not counted here.
-- is_vague_score takes the score already worked out (stg_tasks.note_score); is_vague_report works it out.
create or replace macro is_vague_score(note, score) as
    case when score = 0 then trim(coalesce(note, '')) <> '' else false end;  -- trim only the notes scoring 0

create or replace macro is_vague_report(note) as
    is_vague_score(note, report_score(note));
