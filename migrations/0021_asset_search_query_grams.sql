-- The grams a search looks up: each word's character pairs (a one-character word: the character
-- itself). Fewer than asset_search_grams gives for the same text (no single characters beside the
-- pairs), so the GIN lookup intersects fewer lists; every one is among the asset's grams.
CREATE OR REPLACE FUNCTION asset_search_query_grams(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (
    SELECT CASE WHEN char_length(w) = 1 THEN w ELSE substr(w, i, 2) END AS g
    FROM regexp_split_to_table(lower(q), '\s+') AS w, generate_series(1, greatest(char_length(w) - 1, 1)) AS i
    WHERE w <> ''
  ) y
$fn$;
