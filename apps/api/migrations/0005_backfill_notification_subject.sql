-- Custom SQL migration file, put your code below! --
-- Notifications about a case carry its number as their subject label (the list no longer joins cases).
UPDATE "notifications" AS n SET "subject_label" = c."number" FROM "cases" AS c WHERE c."tenant_id" = n."tenant_id" AND c."id" = n."case_id" AND n."subject_label" IS NULL;
