-- The audit log for the admin page, newest first; every filter is optional (NULL leaves it open).
select event_at, actor, action, target, detail, outcome, client
from audit_log
where ($since is null or event_at >= $since::date)
  and ($until is null or event_at < $until::date + interval 1 day)
  and ($action is null or action = $action)
  and ($actor is null or actor = $actor)
order by event_at desc
