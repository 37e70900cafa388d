-- CreateEnum
CREATE TYPE "ShardStatus" AS ENUM ('active', 'splitting', 'moving', 'retired');

-- CreateTable
CREATE TABLE "clusters" (
    "name" TEXT NOT NULL,
    "display_name" TEXT,
    "description" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "nodes" (
    "cluster" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT,
    "description" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nodes_pkey" PRIMARY KEY ("cluster","name")
);

-- CreateTable
CREATE TABLE "shards" (
    "cluster" TEXT NOT NULL,
    "shard_id" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "key_range_start" TEXT,
    "key_range_end" TEXT,
    "capacity_qps" DOUBLE PRECISION,
    "status" "ShardStatus" NOT NULL DEFAULT 'active',
    "display_name" TEXT,
    "description" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shards_pkey" PRIMARY KEY ("cluster","shard_id")
);

-- CreateTable
CREATE TABLE "replicas" (
    "cluster" TEXT NOT NULL,
    "replica" TEXT NOT NULL,
    "shard_id" TEXT NOT NULL,
    "node" TEXT,
    "display_name" TEXT,
    "description" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "replicas_pkey" PRIMARY KEY ("cluster","replica")
);

-- CreateTable
CREATE TABLE "cache_nodes" (
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "display_name" TEXT,
    "description" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cache_nodes_pkey" PRIMARY KEY ("cluster","node")
);

-- CreateTable
CREATE TABLE "series" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollup_10s" (
    "series_id" INTEGER NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "last" DOUBLE PRECISION NOT NULL,
    "last_ts" BIGINT NOT NULL,

    CONSTRAINT "rollup_10s_pkey" PRIMARY KEY ("series_id","bucket")
);

-- CreateTable
CREATE TABLE "rollup_1m" (
    "series_id" INTEGER NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "last" DOUBLE PRECISION NOT NULL,
    "last_ts" BIGINT NOT NULL,

    CONSTRAINT "rollup_1m_pkey" PRIMARY KEY ("series_id","bucket")
);

-- CreateTable
CREATE TABLE "wal_checkpoints" (
    "instance" TEXT NOT NULL,
    "segment" BIGINT NOT NULL,
    "watermark" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "wal_checkpoints_pkey" PRIMARY KEY ("instance")
);

-- CreateTable
CREATE TABLE "scrape_targets" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "interval_seconds" INTEGER NOT NULL DEFAULT 15,
    "timeout_seconds" INTEGER NOT NULL DEFAULT 5,
    "cluster" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "last_scrape_at" TIMESTAMP(3),
    "last_success_at" TIMESTAMP(3),
    "last_error" TEXT,
    "last_duration_ms" INTEGER,
    "last_sample_count" INTEGER,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scrape_targets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "nodes_cluster_idx" ON "nodes"("cluster");

-- CreateIndex
CREATE INDEX "shards_cluster_idx" ON "shards"("cluster");

-- CreateIndex
CREATE INDEX "shards_cluster_node_idx" ON "shards"("cluster", "node");

-- CreateIndex
CREATE INDEX "replicas_cluster_idx" ON "replicas"("cluster");

-- CreateIndex
CREATE INDEX "replicas_cluster_shard_id_idx" ON "replicas"("cluster", "shard_id");

-- CreateIndex
CREATE INDEX "cache_nodes_cluster_idx" ON "cache_nodes"("cluster");

-- CreateIndex
CREATE UNIQUE INDEX "series_key_key" ON "series"("key");

-- CreateIndex
CREATE INDEX "series_cluster_metric_idx" ON "series"("cluster", "metric");

-- CreateIndex
CREATE INDEX "rollup_10s_bucket_idx" ON "rollup_10s"("bucket");

-- CreateIndex
CREATE INDEX "rollup_1m_bucket_idx" ON "rollup_1m"("bucket");

-- CreateIndex
CREATE INDEX "scrape_targets_created_by_id_idx" ON "scrape_targets"("created_by_id");

-- AddForeignKey
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_cluster_fkey" FOREIGN KEY ("cluster") REFERENCES "clusters"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shards" ADD CONSTRAINT "shards_cluster_fkey" FOREIGN KEY ("cluster") REFERENCES "clusters"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "replicas" ADD CONSTRAINT "replicas_cluster_fkey" FOREIGN KEY ("cluster") REFERENCES "clusters"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cache_nodes" ADD CONSTRAINT "cache_nodes_cluster_fkey" FOREIGN KEY ("cluster") REFERENCES "clusters"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollup_10s" ADD CONSTRAINT "rollup_10s_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollup_1m" ADD CONSTRAINT "rollup_1m_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scrape_targets" ADD CONSTRAINT "scrape_targets_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
