CREATE TABLE "account_notices" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_notices_person_id_kind_key_pk" PRIMARY KEY("person_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "account_states" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"active_since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"payload" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credential_losses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"lost" jsonb NOT NULL,
	"reported_via" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"note" text,
	"ip" "inet",
	"user_agent" text,
	"status" text DEFAULT 'open' NOT NULL,
	"mfa_reset_pending" boolean DEFAULT false NOT NULL,
	"mfa_reset_at" timestamp with time zone,
	"mfa_reset_by" uuid,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"close_note" text
);
--> statement-breakpoint
CREATE TABLE "pledge_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"version" text NOT NULL,
	"language" text NOT NULL,
	"text_sha256" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"ip" "inet",
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "account_notices" ADD CONSTRAINT "account_notices_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_states" ADD CONSTRAINT "account_states_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_losses" ADD CONSTRAINT "credential_losses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_losses" ADD CONSTRAINT "credential_losses_mfa_reset_by_people_id_fk" FOREIGN KEY ("mfa_reset_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_losses" ADD CONSTRAINT "credential_losses_closed_by_people_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_signatures" ADD CONSTRAINT "pledge_signatures_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_tokens_person_idx" ON "account_tokens" USING btree ("person_id","purpose");--> statement-breakpoint
CREATE INDEX "credential_losses_status_idx" ON "credential_losses" USING btree ("status","reported_at");--> statement-breakpoint
CREATE INDEX "credential_losses_person_idx" ON "credential_losses" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "pledge_signatures_person_idx" ON "pledge_signatures" USING btree ("person_id","signed_at");