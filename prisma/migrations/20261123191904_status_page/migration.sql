-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'shardwatch';

-- CreateTable
CREATE TABLE "status_components" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'operational',
    "targets" JSONB NOT NULL DEFAULT '[]',
    "show_targets" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "status_components_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notices" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "impact" TEXT NOT NULL DEFAULT 'minor',
    "state" TEXT NOT NULL DEFAULT 'draft',
    "status" TEXT NOT NULL,
    "slo_name" TEXT,
    "slo_impact" TEXT,
    "expected_minutes" INTEGER,
    "scheduled_for" TIMESTAMP(3),
    "scheduled_until" TIMESTAMP(3),
    "incident_key" TEXT,
    "alert_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),
    "published_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notice_components" (
    "notice_id" TEXT NOT NULL,
    "component_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,

    CONSTRAINT "notice_components_pkey" PRIMARY KEY ("notice_id","component_id")
);

-- CreateTable
CREATE TABLE "notice_updates" (
    "id" TEXT NOT NULL,
    "notice_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_updates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "status_components_name_key" ON "status_components"("name");

-- CreateIndex
CREATE UNIQUE INDEX "notices_incident_key_key" ON "notices"("incident_key");

-- CreateIndex
CREATE INDEX "notices_state_status_idx" ON "notices"("state", "status");

-- CreateIndex
CREATE INDEX "notices_created_by_id_idx" ON "notices"("created_by_id");

-- CreateIndex
CREATE INDEX "notice_components_component_id_idx" ON "notice_components"("component_id");

-- CreateIndex
CREATE INDEX "notice_updates_notice_id_created_at_idx" ON "notice_updates"("notice_id", "created_at");

-- CreateIndex
CREATE INDEX "notice_updates_created_by_id_idx" ON "notice_updates"("created_by_id");

-- CreateIndex
CREATE INDEX "alerts_source_state_idx" ON "alerts"("source", "state");

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_components" ADD CONSTRAINT "notice_components_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "notices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_components" ADD CONSTRAINT "notice_components_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "status_components"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "notices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The sets of values lib/status/levels.ts and lib/status/notice-state.ts know.
ALTER TABLE "status_components" ADD CONSTRAINT "status_components_status_check" CHECK ("status" IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'));
ALTER TABLE "notice_components" ADD CONSTRAINT "notice_components_level_check" CHECK ("level" IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'));
ALTER TABLE "notices" ADD CONSTRAINT "notices_kind_check" CHECK ("kind" IN ('incident', 'sla_downgrade', 'maintenance'));
ALTER TABLE "notices" ADD CONSTRAINT "notices_impact_check" CHECK ("impact" IN ('none', 'minor', 'major', 'critical'));
ALTER TABLE "notices" ADD CONSTRAINT "notices_state_check" CHECK ("state" IN ('draft', 'published', 'discarded'));
ALTER TABLE "notices" ADD CONSTRAINT "notices_status_check" CHECK ("status" IN ('investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'verifying', 'completed'));
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_status_check" CHECK ("status" IN ('investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'verifying', 'completed'));
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_source_check" CHECK ("source" IN ('shardwatch', 'alertmanager'));
