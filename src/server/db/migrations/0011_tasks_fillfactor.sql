-- Room on each page of tasks for updated row versions, so that a task's status changes (claim, submit,
-- review, completion: several per task) are HOT updates: no column they change is indexed, so with free
-- space on the row's page PostgreSQL writes no index entries for them. Pages written before this keep
-- their old packing until rewritten.
ALTER TABLE tasks SET (fillfactor = 70);
