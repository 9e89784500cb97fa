-- Business rules used by more than one mart, written once. Thresholds come in as arguments
-- (the marts pass them from settings.toml).

-- Share of the calendar year gone by a date, in percent: where disbursement "should be".
create or replace macro elapsed_pct(d) as
    100.0 * dayofyear(d) / dayofyear(make_date(year(d), 12, 31));

-- A project is low when its rate is below a share of the elapsed time, or below a floor once Q1 is over.
create or replace macro is_low_disbursement(rate_pct, expected_pct, report_date, share, floor_pct) as
    rate_pct < share * expected_pct or (month(report_date) > 3 and rate_pct < floor_pct);

-- The part of a yearly licensed capacity that a reporting period covers.
create or replace macro expected_output(capacity, period_start, period_end, report_date) as
    capacity * (coalesce(period_end, report_date) - coalesce(period_start, make_date(year(report_date), 1, 1)) + 1) / 365.0;

-- A progress report that only says "đang triển khai / phối hợp / rà soát ..." with no date,
-- quantity or output to check it against.
create or replace macro is_vague_report(note) as
    regexp_matches(lower(coalesce(note, '')),
                   'đang (triển khai|phối hợp|rà soát|thực hiện|xây dựng|hoàn thiện|nghiên cứu|tổng hợp)')
    and not regexp_matches(coalesce(note, ''),
                           '\d{1,2}/\d{1,2}|\d+([.,]\d+)?\s*(%|km|m|ha|tỷ|triệu|hồ sơ|dự án|văn bản|xã)');
