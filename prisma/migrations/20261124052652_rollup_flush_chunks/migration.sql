-- DropForeignKey
ALTER TABLE "rollup_10s" DROP CONSTRAINT "rollup_10s_series_id_fkey";

-- DropForeignKey
ALTER TABLE "rollup_1m" DROP CONSTRAINT "rollup_1m_series_id_fkey";

-- AlterTable
ALTER TABLE "wal_checkpoints" ADD COLUMN     "flush_chunk" INTEGER NOT NULL DEFAULT -1,
ADD COLUMN     "flush_id" BIGINT NOT NULL DEFAULT 0;
