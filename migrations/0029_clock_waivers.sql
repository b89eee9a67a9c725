ALTER TABLE "incident_clocks" ADD COLUMN "waived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incident_clocks" ADD COLUMN "waived_by" uuid;--> statement-breakpoint
ALTER TABLE "incident_clocks" ADD COLUMN "waiver_reason" text;--> statement-breakpoint
ALTER TABLE "incident_clocks" ADD CONSTRAINT "incident_clocks_waived_by_people_id_fk" FOREIGN KEY ("waived_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written: clocks waived before this release recorded who in done_by and why in note.
UPDATE "incident_clocks" SET "waived_at" = "updated_at", "waived_by" = "done_by", "waiver_reason" = "note" WHERE "waived";
