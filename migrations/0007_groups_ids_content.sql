CREATE TABLE "group_content_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"research_group_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"body_ja" text DEFAULT '' NOT NULL,
	"body_en" text DEFAULT '' NOT NULL,
	"file_name" text,
	"content_type" text,
	"size" bigint,
	"sha256" text,
	"storage_key" text,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdraw_reason" text
);
--> statement-breakpoint
CREATE TABLE "group_credential_roster" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"research_group_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"method" text NOT NULL,
	"by_person_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_credential_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"research_group_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sealed" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "group_credentials" (
	"research_group_id" uuid PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"current_version" integer NOT NULL,
	"rotated_at" timestamp with time zone NOT NULL,
	"rotation_interval_days" integer,
	"next_rotation_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_credentials_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "group_rotation_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"research_group_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"occurrences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"resulting_version" integer
);
--> statement-breakpoint
CREATE TABLE "group_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"research_group_id" uuid NOT NULL,
	"credential_version" integer NOT NULL,
	"ip" "inet",
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "group_content_items" ADD CONSTRAINT "group_content_items_research_group_id_research_groups_id_fk" FOREIGN KEY ("research_group_id") REFERENCES "public"."research_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_content_items" ADD CONSTRAINT "group_content_items_published_by_people_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_content_items" ADD CONSTRAINT "group_content_items_withdrawn_by_people_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_credential_roster" ADD CONSTRAINT "group_credential_roster_research_group_id_research_groups_id_fk" FOREIGN KEY ("research_group_id") REFERENCES "public"."research_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_credential_roster" ADD CONSTRAINT "group_credential_roster_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_credential_roster" ADD CONSTRAINT "group_credential_roster_by_person_id_people_id_fk" FOREIGN KEY ("by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_credential_versions" ADD CONSTRAINT "group_credential_versions_research_group_id_research_groups_id_fk" FOREIGN KEY ("research_group_id") REFERENCES "public"."research_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_credential_versions" ADD CONSTRAINT "group_credential_versions_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_credentials" ADD CONSTRAINT "group_credentials_research_group_id_research_groups_id_fk" FOREIGN KEY ("research_group_id") REFERENCES "public"."research_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_rotation_proposals" ADD CONSTRAINT "group_rotation_proposals_research_group_id_research_groups_id_fk" FOREIGN KEY ("research_group_id") REFERENCES "public"."research_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_rotation_proposals" ADD CONSTRAINT "group_rotation_proposals_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_rotation_proposals" ADD CONSTRAINT "group_rotation_proposals_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_sessions" ADD CONSTRAINT "group_sessions_research_group_id_research_groups_id_fk" FOREIGN KEY ("research_group_id") REFERENCES "public"."research_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_content_items_group_idx" ON "group_content_items" USING btree ("research_group_id","published_at");--> statement-breakpoint
CREATE INDEX "group_credential_roster_group_idx" ON "group_credential_roster" USING btree ("research_group_id","id");--> statement-breakpoint
CREATE INDEX "group_credential_roster_person_idx" ON "group_credential_roster" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_credential_versions_group_version_key" ON "group_credential_versions" USING btree ("research_group_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "group_rotation_proposals_open_key" ON "group_rotation_proposals" USING btree ("research_group_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "group_rotation_proposals_status_idx" ON "group_rotation_proposals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "group_sessions_group_idx" ON "group_sessions" USING btree ("research_group_id","credential_version");