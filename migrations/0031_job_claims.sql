ALTER TABLE "job_runs" ALTER COLUMN "last_run_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "last_node" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "last_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "claimed_until" timestamp with time zone;