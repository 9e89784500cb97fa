-- The documents that assigned the current tasks (source_doc), each with its number of tasks: the
-- choices of the tasks page's document selector.
select source_doc, count(*) as tasks
from tasks
where source_doc is not null
group by source_doc
order by source_doc
