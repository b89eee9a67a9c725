DROP INDEX "risks_residual_sort_idx";--> statement-breakpoint
CREATE INDEX "risks_residual_sort_idx" ON "risks" USING btree ("residual_sort" DESC NULLS LAST,"number" DESC NULLS FIRST);