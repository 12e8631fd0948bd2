CREATE TABLE "change_versions" (
	"tenant_id" text NOT NULL,
	"topic" text NOT NULL,
	"version" integer NOT NULL,
	CONSTRAINT "change_versions_tenant_id_topic_pk" PRIMARY KEY("tenant_id","topic")
);
