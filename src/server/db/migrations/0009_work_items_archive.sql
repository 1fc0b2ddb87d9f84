-- Archive of finished work items, so the table every claim scans holds only live and recent work.
--
-- A background job (services/archive.service.ts) moves work items of tasks that ended (completed, canceled
-- or error) longer ago than the retention setting from `work_items` to `work_items_archive`, one statement
-- per batch. Nothing else changes: annotations, reviews, work_passes ("never again"), task_events and the
-- task itself stay where they are. Gold and review-gold items, and every item of a gold or review-gold task,
-- are never archived (the gold claim reads them to serve each gold task once per labeler).
--
-- Same columns in the same order (LIKE), so the move is `INSERT ... SELECT *` and the view below is a plain
-- UNION ALL. A later migration that adds a column to work_items must add it here too (and re-create the view);
-- a test compares the two tables' columns.
CREATE TABLE work_items_archive (LIKE work_items INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE work_items_archive
  ADD PRIMARY KEY (id),
  ADD FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (leased_by) REFERENCES users (id),
  ADD FOREIGN KEY (reserved_for) REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX work_items_archive_task_idx ON work_items_archive (task_id);
CREATE INDEX work_items_archive_count_idx ON work_items_archive (project_id, stage, status);

-- Every work item, live or archived: what reads of finished work (history, calibration counts) go through.
CREATE VIEW work_items_all AS
  SELECT * FROM work_items
  UNION ALL
  SELECT * FROM work_items_archive;

-- Annotations and reviews point at their work item, which may now be in either table; both still go with
-- their task (their own task_id foreign keys cascade). Drafts keep their foreign key: a draft of a finished
-- item is work in progress nobody will resume (the submitted version is an annotation), so archiving drops it.
ALTER TABLE annotations DROP CONSTRAINT annotations_work_item_id_fkey;
ALTER TABLE reviews DROP CONSTRAINT reviews_work_item_id_fkey;

-- Gold results must outlive any mistake in the archive's filter: moving a gold item with a result now fails
-- the batch (NO ACTION, checked at the end of the statement) instead of silently deleting the result. Deleting
-- a task or project still removes both, since both also go with their task.
ALTER TABLE gold_submissions DROP CONSTRAINT gold_submissions_work_item_id_fkey,
  ADD CONSTRAINT gold_submissions_work_item_id_fkey FOREIGN KEY (work_item_id) REFERENCES work_items (id);
ALTER TABLE reviewer_checks DROP CONSTRAINT reviewer_checks_work_item_id_fkey,
  ADD CONSTRAINT reviewer_checks_work_item_id_fkey FOREIGN KEY (work_item_id) REFERENCES work_items (id);

-- What the archive job scans, oldest first. Partial, so it holds only finished items that may go; an item
-- enters it when it is done (its status change already updates the claim and lease indexes, so this is one
-- more index entry on that write, not a lost HOT update).
CREATE INDEX work_items_finished_idx ON work_items (created_at) WHERE status IN ('done', 'canceled') AND NOT gold AND NOT review_gold;
