-- Files a customer uploads through the API (POST /v1/files/upload) before creating tasks that use them:
-- whose they are (only they may attach them) and the name they gave. Null for fetched attachments and
-- files owners upload in the app (those become tasks at once).
ALTER TABLE blobs ADD COLUMN uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE blobs ADD COLUMN filename text;
