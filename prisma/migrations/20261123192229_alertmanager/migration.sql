-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "annotations" JSONB,
ADD COLUMN     "ends_at" BIGINT,
ADD COLUMN     "generator_url" TEXT;
