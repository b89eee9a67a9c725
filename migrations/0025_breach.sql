CREATE TABLE "breach_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"result" text NOT NULL,
	"triggers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"missing" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exempt" boolean DEFAULT false NOT NULL,
	"wrongful_purpose" boolean DEFAULT false NOT NULL,
	"reasoning_ja" text NOT NULL,
	"reasoning_en" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"report" jsonb NOT NULL,
	"assessed_by" uuid,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breach_clock_settings" (
	"kind" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"due_days" integer NOT NULL,
	"overdue_days" integer NOT NULL,
	"wrongful_due_days" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "breach_assessments" ADD CONSTRAINT "breach_assessments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_assessments" ADD CONSTRAINT "breach_assessments_assessed_by_people_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_clock_settings" ADD CONSTRAINT "breach_clock_settings_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "breach_assessments_incident_version_key" ON "breach_assessments" USING btree ("incident_id","version");--> statement-breakpoint
CREATE INDEX "breach_assessments_result_idx" ON "breach_assessments" USING btree ("result");