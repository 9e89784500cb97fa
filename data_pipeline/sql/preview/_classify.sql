-- The change loading the file makes to each key <dataset>_changes.sql compared (temp table
-- preview_compared, in its order): added, removed, changed, unchanged, or not applied because the
-- current data there is newer. Changed columns are listed only for a key kept on both sides.
select
    case
        when not in_before and not in_after then 'not_applied'
        when not in_before then 'added'
        when not in_after then 'removed'
        when len(changed_columns) > 0 then 'changed'
        else 'unchanged'
    end as change,
    * replace (case when in_before and in_after then changed_columns else [] end as changed_columns)
from preview_compared
