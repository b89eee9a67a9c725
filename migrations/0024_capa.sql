CREATE TABLE "document_files" (
	"version_id" uuid NOT NULL,
	"language" text NOT NULL,
	"file_name" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"sealed" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_files_version_id_language_pk" PRIMARY KEY("version_id","language")
);
--> statement-breakpoint
CREATE TABLE "sanction_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"effect" text DEFAULT 'none' NOT NULL,
	"seeded" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "steering_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"meeting_on" date,
	"names" text NOT NULL,
	"lang" text NOT NULL,
	"sha256" text NOT NULL,
	"generated_by" uuid,
	"generated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"clause_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"facts" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"intent" text DEFAULT 'unknown' NOT NULL,
	"repeated" boolean DEFAULT false NOT NULL,
	"harm" text DEFAULT 'none' NOT NULL,
	"cooperation" text DEFAULT 'unknown' NOT NULL,
	"circumstances_note" text DEFAULT '' NOT NULL,
	"incident_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"sanction_type_id" uuid,
	"decided_on" date,
	"rationale" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"notice_sent_at" timestamp with time zone,
	"account_suspended" boolean DEFAULT false NOT NULL,
	"appeal_received_on" date,
	"appeal_note" text,
	"appeal_outcome" text,
	"appeal_outcome_note" text,
	"appeal_recorded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_evidence_files" (
	"evidence_id" uuid PRIMARY KEY NOT NULL,
	"sealed" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_investigators" (
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "violation_investigators_case_id_person_id_pk" PRIMARY KEY("case_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "violation_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"author_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "review_comment" text;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "rejected_by" uuid;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "rejected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "review_overdue_reminded_for" date;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_uploaded_by_people_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_reports" ADD CONSTRAINT "steering_reports_generated_by_people_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_cases" ADD CONSTRAINT "violation_cases_subject_id_people_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_cases" ADD CONSTRAINT "violation_cases_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_cases" ADD CONSTRAINT "violation_cases_sanction_type_id_sanction_types_id_fk" FOREIGN KEY ("sanction_type_id") REFERENCES "public"."sanction_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_cases" ADD CONSTRAINT "violation_cases_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_cases" ADD CONSTRAINT "violation_cases_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_evidence" ADD CONSTRAINT "violation_evidence_case_id_violation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."violation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_evidence" ADD CONSTRAINT "violation_evidence_uploaded_by_people_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_evidence_files" ADD CONSTRAINT "violation_evidence_files_evidence_id_violation_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."violation_evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_investigators" ADD CONSTRAINT "violation_investigators_case_id_violation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."violation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_investigators" ADD CONSTRAINT "violation_investigators_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_investigators" ADD CONSTRAINT "violation_investigators_added_by_people_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_notes" ADD CONSTRAINT "violation_notes_case_id_violation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."violation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_notes" ADD CONSTRAINT "violation_notes_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sanction_types_code_key" ON "sanction_types" USING btree ("code");--> statement-breakpoint
CREATE INDEX "steering_reports_to_idx" ON "steering_reports" USING btree ("to_date");--> statement-breakpoint
CREATE UNIQUE INDEX "violation_cases_ref_key" ON "violation_cases" USING btree ("ref");--> statement-breakpoint
CREATE INDEX "violation_cases_decided_on_idx" ON "violation_cases" USING btree ("decided_on");--> statement-breakpoint
CREATE INDEX "violation_cases_subject_idx" ON "violation_cases" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "violation_evidence_case_idx" ON "violation_evidence" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "violation_investigators_person_idx" ON "violation_investigators" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "violation_notes_case_idx" ON "violation_notes" USING btree ("case_id","at");--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_rejected_by_people_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_acks_open_due_idx" ON "document_acknowledgments" USING btree ("due_on") WHERE acknowledged_at is null and cancelled_at is null;