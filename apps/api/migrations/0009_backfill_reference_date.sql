-- A tenant that holds the Xinhong demo cases opens its pages on the demo's last day (ADR 0012):
-- the day of its last demo report in Shanghai. Tenants without demo cases keep null (today).
UPDATE "tenants" AS t
SET "reference_date" = d.last_day
FROM (
  SELECT "tenant_id", max(("reported_at" AT TIME ZONE 'Asia/Shanghai')::date) AS last_day
  FROM "cases"
  WHERE "is_demo"
  GROUP BY "tenant_id"
) AS d
WHERE d."tenant_id" = t."id" AND t."reference_date" IS NULL;
