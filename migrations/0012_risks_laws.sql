CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"risk_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"assessed_by" uuid,
	"assessed_at" timestamp with time zone NOT NULL,
	"inherent_likelihood" integer NOT NULL,
	"inherent_impact" integer NOT NULL,
	"inherent_level" text NOT NULL,
	"treatment" text,
	"residual_likelihood" integer,
	"residual_impact" integer,
	"residual_level" text,
	"status" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "risk_assets" (
	"risk_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "risk_assets_risk_id_asset_id_pk" PRIMARY KEY("risk_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "risk_controls" (
	"risk_id" uuid NOT NULL,
	"control_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "risk_controls_risk_id_control_id_pk" PRIMARY KEY("risk_id","control_id")
);
--> statement-breakpoint
CREATE TABLE "risk_matrix" (
	"id" text PRIMARY KEY NOT NULL,
	"likelihood" jsonb NOT NULL,
	"impact" jsonb NOT NULL,
	"levels" jsonb NOT NULL,
	"cells" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "risk_vulnerabilities" (
	"risk_id" uuid NOT NULL,
	"vulnerability_id" uuid NOT NULL,
	CONSTRAINT "risk_vulnerabilities_risk_id_vulnerability_id_pk" PRIMARY KEY("risk_id","vulnerability_id")
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" serial NOT NULL,
	"threat_id" uuid NOT NULL,
	"title" text,
	"description" text,
	"owner_person_id" uuid,
	"inherent_likelihood" integer NOT NULL,
	"inherent_impact" integer NOT NULL,
	"inherent_level" text NOT NULL,
	"treatment" text,
	"treatment_plan" text,
	"residual_likelihood" integer,
	"residual_impact" integer,
	"residual_level" text,
	"due_date" date,
	"next_review_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"acceptance_rationale" text,
	"acceptance_expires_on" date,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risks_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "threat_vulnerabilities" (
	"threat_id" uuid NOT NULL,
	"vulnerability_id" uuid NOT NULL,
	CONSTRAINT "threat_vulnerabilities_threat_id_vulnerability_id_pk" PRIMARY KEY("threat_id","vulnerability_id")
);
--> statement-breakpoint
CREATE TABLE "threats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seed_key" text,
	"code" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"description_ja" text,
	"description_en" text,
	"asset_kinds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asset_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asset_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"source" text NOT NULL,
	"affects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_likelihood" integer DEFAULT 3 NOT NULL,
	"default_impact" integer DEFAULT 3 NOT NULL,
	CONSTRAINT "threats_seed_key_unique" UNIQUE("seed_key"),
	CONSTRAINT "threats_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "vulnerabilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seed_key" text,
	"code" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"description_ja" text,
	"description_en" text,
	"asset_kinds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asset_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asset_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "vulnerabilities_seed_key_unique" UNIQUE("seed_key"),
	CONSTRAINT "vulnerabilities_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "exchange_addressees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"person_id" uuid,
	"unit_id" uuid
);
--> statement-breakpoint
CREATE TABLE "exchange_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_downloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "exchange_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"request_reason" text NOT NULL,
	"findings" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"vault_file_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"detected_type" text NOT NULL,
	"scan_status" text DEFAULT 'pending' NOT NULL,
	"scan_started_at" timestamp with time zone,
	"scanned_at" timestamp with time zone,
	"scan_truncated" boolean DEFAULT false NOT NULL,
	"scanned_bytes" bigint,
	"scan_error" text,
	"attached_by" uuid NOT NULL,
	"attached_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	"erased_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"file_id" uuid,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"sheet" text,
	"row" integer,
	"column" text,
	"cell" text,
	"masked" text NOT NULL,
	"rule" text NOT NULL,
	"resolution" text,
	"waiver_id" uuid,
	"exception_id" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid,
	"reason" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone NOT NULL,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"release_reason" text
);
--> statement-breakpoint
CREATE TABLE "exchange_purges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"vault_file_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"reason" text NOT NULL,
	"purged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"via_unit_id" uuid,
	"noticed_at" timestamp with time zone,
	"first_download_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_settings" (
	"version" serial PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"special_care_approval" boolean NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "exchange_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_person_id" uuid NOT NULL,
	"sender_unit_id" uuid,
	"sender_institution_id" uuid,
	"purpose" text NOT NULL,
	"study_id" uuid,
	"classification" text NOT NULL,
	"data_category" text NOT NULL,
	"message" text,
	"expiry_days" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"release_requested_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"first_download_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdraw_reason" text,
	"expired_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_waivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"sheet" text,
	"column" text NOT NULL,
	"reason" text NOT NULL,
	"findings" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_assessed_by_people_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assets" ADD CONSTRAINT "risk_assets_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assets" ADD CONSTRAINT "risk_assets_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_controls" ADD CONSTRAINT "risk_controls_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_controls" ADD CONSTRAINT "risk_controls_control_id_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."controls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_controls" ADD CONSTRAINT "risk_controls_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_matrix" ADD CONSTRAINT "risk_matrix_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_vulnerabilities" ADD CONSTRAINT "risk_vulnerabilities_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_vulnerabilities" ADD CONSTRAINT "risk_vulnerabilities_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_threat_id_threats_id_fk" FOREIGN KEY ("threat_id") REFERENCES "public"."threats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_accepted_by_people_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_vulnerabilities" ADD CONSTRAINT "threat_vulnerabilities_threat_id_threats_id_fk" FOREIGN KEY ("threat_id") REFERENCES "public"."threats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_vulnerabilities" ADD CONSTRAINT "threat_vulnerabilities_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_addressees" ADD CONSTRAINT "exchange_addressees_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_addressees" ADD CONSTRAINT "exchange_addressees_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_addressees" ADD CONSTRAINT "exchange_addressees_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_approvals" ADD CONSTRAINT "exchange_approvals_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_approvals" ADD CONSTRAINT "exchange_approvals_approver_id_people_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_downloads" ADD CONSTRAINT "exchange_downloads_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_downloads" ADD CONSTRAINT "exchange_downloads_file_id_exchange_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."exchange_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_downloads" ADD CONSTRAINT "exchange_downloads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_exceptions" ADD CONSTRAINT "exchange_exceptions_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_exceptions" ADD CONSTRAINT "exchange_exceptions_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_exceptions" ADD CONSTRAINT "exchange_exceptions_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_files" ADD CONSTRAINT "exchange_files_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_files" ADD CONSTRAINT "exchange_files_attached_by_people_id_fk" FOREIGN KEY ("attached_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_files" ADD CONSTRAINT "exchange_files_removed_by_people_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_findings" ADD CONSTRAINT "exchange_findings_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_findings" ADD CONSTRAINT "exchange_findings_file_id_exchange_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."exchange_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_holds" ADD CONSTRAINT "exchange_holds_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_holds" ADD CONSTRAINT "exchange_holds_set_by_people_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_holds" ADD CONSTRAINT "exchange_holds_released_by_people_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_purges" ADD CONSTRAINT "exchange_purges_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_purges" ADD CONSTRAINT "exchange_purges_file_id_exchange_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."exchange_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_recipients" ADD CONSTRAINT "exchange_recipients_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_recipients" ADD CONSTRAINT "exchange_recipients_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_recipients" ADD CONSTRAINT "exchange_recipients_via_unit_id_units_id_fk" FOREIGN KEY ("via_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_settings" ADD CONSTRAINT "exchange_settings_changed_by_people_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_transfers" ADD CONSTRAINT "exchange_transfers_sender_person_id_people_id_fk" FOREIGN KEY ("sender_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_transfers" ADD CONSTRAINT "exchange_transfers_sender_unit_id_units_id_fk" FOREIGN KEY ("sender_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_transfers" ADD CONSTRAINT "exchange_transfers_sender_institution_id_institutions_id_fk" FOREIGN KEY ("sender_institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_transfers" ADD CONSTRAINT "exchange_transfers_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_transfers" ADD CONSTRAINT "exchange_transfers_withdrawn_by_people_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_waivers" ADD CONSTRAINT "exchange_waivers_transfer_id_exchange_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."exchange_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_waivers" ADD CONSTRAINT "exchange_waivers_file_id_exchange_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."exchange_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_waivers" ADD CONSTRAINT "exchange_waivers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_assessments_risk_idx" ON "risk_assessments" USING btree ("risk_id","assessed_at");--> statement-breakpoint
CREATE INDEX "risk_assets_asset_idx" ON "risk_assets" USING btree ("asset_id","risk_id");--> statement-breakpoint
CREATE INDEX "risk_controls_control_idx" ON "risk_controls" USING btree ("control_id");--> statement-breakpoint
CREATE INDEX "risks_inherent_cell_idx" ON "risks" USING btree ("inherent_likelihood","inherent_impact");--> statement-breakpoint
CREATE INDEX "risks_residual_cell_idx" ON "risks" USING btree ("residual_likelihood","residual_impact");--> statement-breakpoint
CREATE INDEX "risks_status_idx" ON "risks" USING btree ("status","acceptance_expires_on");--> statement-breakpoint
CREATE INDEX "risks_owner_idx" ON "risks" USING btree ("owner_person_id");--> statement-breakpoint
CREATE INDEX "risks_review_idx" ON "risks" USING btree ("next_review_date");--> statement-breakpoint
CREATE INDEX "risks_threat_idx" ON "risks" USING btree ("threat_id");--> statement-breakpoint
CREATE INDEX "exchange_addressees_transfer_idx" ON "exchange_addressees" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "exchange_approvals_transfer_idx" ON "exchange_approvals" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "exchange_downloads_transfer_idx" ON "exchange_downloads" USING btree ("transfer_id","at");--> statement-breakpoint
CREATE INDEX "exchange_exceptions_status_idx" ON "exchange_exceptions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "exchange_exceptions_transfer_idx" ON "exchange_exceptions" USING btree ("transfer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_files_vault_file_key" ON "exchange_files" USING btree ("vault_file_id");--> statement-breakpoint
CREATE INDEX "exchange_files_transfer_idx" ON "exchange_files" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "exchange_files_scan_idx" ON "exchange_files" USING btree ("scan_status");--> statement-breakpoint
CREATE INDEX "exchange_findings_transfer_idx" ON "exchange_findings" USING btree ("transfer_id","resolution");--> statement-breakpoint
CREATE INDEX "exchange_findings_file_idx" ON "exchange_findings" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "exchange_holds_transfer_idx" ON "exchange_holds" USING btree ("transfer_id","released_at");--> statement-breakpoint
CREATE INDEX "exchange_purges_transfer_idx" ON "exchange_purges" USING btree ("transfer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_recipients_transfer_person_key" ON "exchange_recipients" USING btree ("transfer_id","person_id");--> statement-breakpoint
CREATE INDEX "exchange_recipients_person_idx" ON "exchange_recipients" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "exchange_transfers_sender_idx" ON "exchange_transfers" USING btree ("sender_person_id","created_at");--> statement-breakpoint
CREATE INDEX "exchange_transfers_state_idx" ON "exchange_transfers" USING btree ("state","expires_at");--> statement-breakpoint
CREATE INDEX "exchange_waivers_transfer_idx" ON "exchange_waivers" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "exchange_waivers_created_idx" ON "exchange_waivers" USING btree ("created_at");