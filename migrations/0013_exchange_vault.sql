CREATE TABLE "exchange_vault_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_person_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size" bigint NOT NULL,
	"chunk_size" integer NOT NULL,
	"status" text NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"blob_key" text NOT NULL,
	"segments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tail" jsonb,
	"wrapped_key" text,
	"key_id" text NOT NULL,
	"sha256" text,
	"detected_type" text,
	"refusal" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"erased_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "exchange_vault_files" ADD CONSTRAINT "exchange_vault_files_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_vault_files_owner_idx" ON "exchange_vault_files" USING btree ("owner_person_id","status");--> statement-breakpoint
CREATE INDEX "exchange_vault_files_expiry_idx" ON "exchange_vault_files" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "exchange_vault_files_key_idx" ON "exchange_vault_files" USING btree ("key_id");