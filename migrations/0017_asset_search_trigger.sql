-- Keeps asset_search (the text-search grams of each asset) in step with the asset's name,
-- description and note, and fills it for the assets registered before it existed.
CREATE OR REPLACE FUNCTION asset_search_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO asset_search (asset_id, grams)
  VALUES (NEW.id, asset_search_grams(NEW.name || ' ' || NEW.description || ' ' || coalesce(NEW.note, '')))
  ON CONFLICT (asset_id) DO UPDATE SET grams = excluded.grams;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER assets_search_insert AFTER INSERT ON assets FOR EACH ROW EXECUTE FUNCTION asset_search_sync();
--> statement-breakpoint
CREATE TRIGGER assets_search_update AFTER UPDATE OF name, description, note ON assets FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description OR OLD.note IS DISTINCT FROM NEW.note)
  EXECUTE FUNCTION asset_search_sync();
--> statement-breakpoint
INSERT INTO asset_search (asset_id, grams)
SELECT id, asset_search_grams(name || ' ' || description || ' ' || coalesce(note, '')) FROM assets
ON CONFLICT (asset_id) DO NOTHING;
