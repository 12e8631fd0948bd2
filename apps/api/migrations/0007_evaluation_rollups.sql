CREATE TABLE "case_rollups" (
	"tenant_id" text NOT NULL,
	"dim" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"key" uuid NOT NULL,
	"area" uuid NOT NULL,
	"reported" integer DEFAULT 0 NOT NULL,
	"valid" integer DEFAULT 0 NOT NULL,
	"filed" integer DEFAULT 0 NOT NULL,
	"due_handling" integer DEFAULT 0 NOT NULL,
	"handled_on_time" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"reworked" integer DEFAULT 0 NOT NULL,
	"extended" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"timed" integer DEFAULT 0 NOT NULL,
	"handled_late" integer DEFAULT 0 NOT NULL,
	"overdue_marked" integer DEFAULT 0 NOT NULL,
	"minutes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "case_rollups_tenant_id_dim_grain_bucket_key_area_pk" PRIMARY KEY("tenant_id","dim","grain","bucket","key","area")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "overdue_marked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "case_rollups" ADD CONSTRAINT "case_rollups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_unhandled_due_idx" ON "cases" USING btree ("tenant_id","overdue_marked","handle_due_at") WHERE "cases"."handled_on_time" is null and "cases"."handle_due_at" is not null;