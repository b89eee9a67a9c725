DROP INDEX "risk_assessments_risk_idx";--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "risk_assessments_risk_idx" ON "risk_assessments" USING btree ("risk_id","seq");