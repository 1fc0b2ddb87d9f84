-- A draft is one person's work on one work item. Keyed by the item alone, a lease that expired and went to
-- someone else handed that person the first holder's draft on reload, and their first autosave overwrote it.
ALTER TABLE drafts DROP CONSTRAINT drafts_pkey;
ALTER TABLE drafts ADD PRIMARY KEY (work_item_id, user_id);
