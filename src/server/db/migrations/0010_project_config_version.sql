-- A version of each project's configuration (name, ontology, settings), raised by the database on every
-- change to any of them, whichever code path makes it.
--
-- Why: a server process keeps the configuration of projects it serves in memory (services/submit-memo.ts), so
-- a submit need not read it again and a claim need not compare whole settings documents: their statements
-- write only while the project's version is still the one the process knows, comparing one number.
ALTER TABLE projects ADD COLUMN config_version integer NOT NULL DEFAULT 1;

CREATE FUNCTION projects_bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.config_version := OLD.config_version + 1;
  RETURN NEW;
END;
$$;

CREATE TRIGGER projects_config_version
  BEFORE UPDATE OF name, ontology, settings ON projects
  FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.ontology IS DISTINCT FROM NEW.ontology OR OLD.settings IS DISTINCT FROM NEW.settings)
  EXECUTE FUNCTION projects_bump_config_version();
