ALTER TABLE "grids" ADD COLUMN "type" text DEFAULT 'subdistrict' NOT NULL;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "boundary" jsonb;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "min_lng" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "min_lat" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "max_lng" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "max_lat" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "area_m2" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "centroid_lng" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "centroid_lat" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "valid_from" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "valid_to" timestamp with time zone;