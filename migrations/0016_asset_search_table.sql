CREATE TABLE "asset_search" (
	"asset_id" uuid PRIMARY KEY NOT NULL,
	"grams" text[] NOT NULL
);
--> statement-breakpoint
DROP INDEX "assets_search_grams_idx";--> statement-breakpoint
ALTER TABLE "asset_search" ADD CONSTRAINT "asset_search_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "asset_search_grams_idx" ON "asset_search" USING gin ("grams");--> statement-breakpoint
ALTER TABLE "assets" DROP COLUMN "search_grams";