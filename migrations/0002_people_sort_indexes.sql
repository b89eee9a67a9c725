DROP INDEX "people_family_name_kana_idx";--> statement-breakpoint
DROP INDEX "people_family_name_en_idx";--> statement-breakpoint
DROP INDEX "people_updated_at_idx";--> statement-breakpoint
CREATE INDEX "people_email_id_idx" ON "people" USING btree ("email","id");--> statement-breakpoint
CREATE INDEX "people_family_name_kana_idx" ON "people" USING btree ("family_name_kana","id");--> statement-breakpoint
CREATE INDEX "people_family_name_en_idx" ON "people" USING btree ("family_name_en","id");--> statement-breakpoint
CREATE INDEX "people_updated_at_idx" ON "people" USING btree ("updated_at","id");