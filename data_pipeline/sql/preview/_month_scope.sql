-- Which current rows a file of a monthly dataset (revenue, trade, growth) would replace, and where
-- it would show. The current view keeps, for every month and {scope}, the latest active load
-- covering it; so the file replaces what it covers, each part when its report date ($report_date)
-- is not older than the current one there (a tie goes to the later load, i.e. to the file).
-- Run by preview.py before <dataset>_changes.sql, with {view} the dataset's current view and
-- {scope} the columns a load covers; reads the temp table `incoming` (the file's rows that its
-- load speaks for).
create temp table scope as
    select distinct {scope} from incoming;

create temp table decision as
    select s.*,
           max(v.report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(v.report_date), true) as file_wins
    from scope s
    left join {view} v using ({scope})
    group by all;

create temp table before_rows as
    select v.* from {view} v semi join scope using ({scope});

create temp table after_rows as
    select i.* from incoming i join decision d using ({scope}) where d.file_wins
    union all by name
    select b.* from before_rows b join decision d using ({scope}) where not d.file_wins;

-- (the counts of not-applied rows come from the rows compared, month by month)
create or replace temp table decision as
    select *, null::bigint as superseded_rows from decision;
