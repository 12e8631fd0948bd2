CREATE TABLE "rate_limits" (
	"tenant_id" text NOT NULL,
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limits_tenant_id_bucket_key_pk" PRIMARY KEY("tenant_id","bucket","key")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source_address_hash" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source_device_hash" text;--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "cases_source_address_idx" ON "cases" USING btree ("tenant_id","source_address_hash","reported_at") WHERE "cases"."source_address_hash" is not null;--> statement-breakpoint
CREATE INDEX "cases_source_device_idx" ON "cases" USING btree ("tenant_id","source_device_hash","reported_at") WHERE "cases"."source_device_hash" is not null;