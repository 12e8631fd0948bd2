ALTER TABLE "case_categories" ADD COLUMN "filing_standard_en" text;--> statement-breakpoint
ALTER TABLE "case_categories" ADD COLUMN "closing_standard_en" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "reference_date" date;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "seed_revision" integer DEFAULT 0 NOT NULL;