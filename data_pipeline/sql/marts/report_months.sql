-- The months the board of reports can show, newest first, with how many units are expected and
-- how many have not reported.
select month, count(*) as expected, count(*) filter (where state = 'missing') as missing,
       count(*) filter (where state = 'late') as late
from report_status
group by month
order by month desc
