-- The characters and character pairs of a text, lower-cased, without whitespace: the asset
-- register indexes them (GIN) for substring search that works for Japanese on PGlite and PostgreSQL.
CREATE OR REPLACE FUNCTION asset_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (
    SELECT substr(x.s, i, n) AS g
    FROM (SELECT lower(t) AS s) x, generate_series(1, char_length(x.s)) AS i, (VALUES (1), (2)) AS v(n)
    WHERE i + n - 1 <= char_length(x.s)
  ) y
  WHERE g !~ '\s'
$fn$;
