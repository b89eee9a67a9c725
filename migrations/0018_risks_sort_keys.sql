ALTER TABLE "risks" ADD COLUMN "current_level" text;--> statement-breakpoint
ALTER TABLE "risks" ADD COLUMN "inherent_sort" integer;--> statement-breakpoint
ALTER TABLE "risks" ADD COLUMN "residual_sort" integer;--> statement-breakpoint
ALTER TABLE "risks" ADD COLUMN "current_sort" integer;--> statement-breakpoint
-- Risks registered before these columns: fill them from the matrix (rank × 100 + likelihood × impact).
WITH k AS (SELECT coalesce((SELECT jsonb_object_agg(l->>'key', (l->>'rank')::int) FROM risk_matrix m, jsonb_array_elements(m.levels) l WHERE m.id = 'default'), '{}'::jsonb) AS k)
UPDATE "risks" r SET
  "current_level" = coalesce(r.residual_level, r.inherent_level),
  "inherent_sort" = coalesce((k.k ->> r.inherent_level)::int, 0) * 100 + r.inherent_likelihood * r.inherent_impact,
  "residual_sort" = CASE WHEN r.residual_level IS NULL THEN NULL ELSE coalesce((k.k ->> r.residual_level)::int, 0) * 100 + r.residual_likelihood * r.residual_impact END,
  "current_sort" = coalesce((k.k ->> coalesce(r.residual_level, r.inherent_level))::int, 0) * 100 + coalesce(r.residual_likelihood, r.inherent_likelihood) * coalesce(r.residual_impact, r.inherent_impact)
FROM k;--> statement-breakpoint
ALTER TABLE "risks" ALTER COLUMN "current_level" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "risks" ALTER COLUMN "inherent_sort" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "risks" ALTER COLUMN "current_sort" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "risks" ADD COLUMN "search_grams" text[] GENERATED ALWAYS AS (asset_search_grams(coalesce(title, '') || ' ' || coalesce(description, ''))) STORED;--> statement-breakpoint
CREATE INDEX "risks_heatmap_idx" ON "risks" USING btree ("status","inherent_likelihood","inherent_impact","residual_likelihood","residual_impact");--> statement-breakpoint
CREATE INDEX "risks_current_sort_idx" ON "risks" USING btree ("current_sort","number");--> statement-breakpoint
CREATE INDEX "risks_inherent_sort_idx" ON "risks" USING btree ("inherent_sort","number");--> statement-breakpoint
CREATE INDEX "risks_residual_sort_idx" ON "risks" USING btree ("residual_sort","number");--> statement-breakpoint
CREATE INDEX "risks_current_level_idx" ON "risks" USING btree ("current_level");--> statement-breakpoint
CREATE INDEX "risks_search_grams_idx" ON "risks" USING gin ("search_grams");