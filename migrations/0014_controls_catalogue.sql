CREATE TABLE "control_catalogue_seeds" (
	"version" integer PRIMARY KEY NOT NULL,
	"seeded_at" timestamp with time zone NOT NULL,
	"controls" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_clauses" (
	"control_id" uuid NOT NULL,
	"clause_id" text NOT NULL,
	CONSTRAINT "control_clauses_control_id_clause_id_pk" PRIMARY KEY("control_id","clause_id")
);
--> statement-breakpoint
CREATE TABLE "control_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"control_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"valid_until" date,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expiring_notified_at" timestamp with time zone,
	"expired_notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "control_evidence_files" (
	"evidence_id" uuid PRIMARY KEY NOT NULL,
	"sealed" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_laws" (
	"control_id" uuid NOT NULL,
	"law_id" uuid NOT NULL,
	CONSTRAINT "control_laws_control_id_law_id_pk" PRIMARY KEY("control_id","law_id")
);
--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "family" text DEFAULT 'operational' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "title_ja" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "title_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "description_ja" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "description_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "iso_refs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "owner_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "owner_person_id" uuid;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "default_owner_kind" text;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "status" text DEFAULT 'not_started' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "applicable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "justification_ja" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "justification_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "seeded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "controls" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "control_clauses" ADD CONSTRAINT "control_clauses_control_id_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."controls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_evidence" ADD CONSTRAINT "control_evidence_control_id_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."controls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_evidence" ADD CONSTRAINT "control_evidence_uploaded_by_people_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_evidence_files" ADD CONSTRAINT "control_evidence_files_evidence_id_control_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."control_evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_laws" ADD CONSTRAINT "control_laws_control_id_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."controls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_laws" ADD CONSTRAINT "control_laws_law_id_laws_id_fk" FOREIGN KEY ("law_id") REFERENCES "public"."laws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "control_clauses_clause_idx" ON "control_clauses" USING btree ("clause_id");--> statement-breakpoint
CREATE INDEX "control_evidence_control_idx" ON "control_evidence" USING btree ("control_id");--> statement-breakpoint
CREATE INDEX "control_evidence_valid_until_idx" ON "control_evidence" USING btree ("valid_until");--> statement-breakpoint
CREATE INDEX "control_laws_law_idx" ON "control_laws" USING btree ("law_id");--> statement-breakpoint
ALTER TABLE "controls" ADD CONSTRAINT "controls_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controls" ADD CONSTRAINT "controls_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controls" ADD CONSTRAINT "controls_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "controls_family_idx" ON "controls" USING btree ("family","code");--> statement-breakpoint
CREATE INDEX "controls_owner_unit_idx" ON "controls" USING btree ("owner_unit_id");