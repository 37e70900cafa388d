-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "routing_version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "mitigations" (
    "id" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "alert_id" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "rank" INTEGER NOT NULL DEFAULT 1,
    "diagnosis" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "signal" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'proposed',
    "version" INTEGER NOT NULL DEFAULT 1,
    "required_approvals" INTEGER NOT NULL DEFAULT 1,
    "source" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "requested_by_id" TEXT,
    "operation_id" TEXT,
    "rollback_operation_id" TEXT,
    "progress" JSONB,
    "verification" JSONB,
    "outcome" TEXT,
    "error" TEXT,
    "note" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mitigations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mitigation_approvals" (
    "mitigation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mitigation_approvals_pkey" PRIMARY KEY ("mitigation_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mitigations_idempotency_key_key" ON "mitigations"("idempotency_key");

-- CreateIndex
CREATE INDEX "mitigations_state_idx" ON "mitigations"("state");

-- CreateIndex
CREATE INDEX "mitigations_cluster_created_at_idx" ON "mitigations"("cluster", "created_at");

-- CreateIndex
CREATE INDEX "mitigations_alert_id_idx" ON "mitigations"("alert_id");

-- CreateIndex
CREATE INDEX "mitigations_requested_by_id_idx" ON "mitigations"("requested_by_id");

-- CreateIndex
CREATE INDEX "mitigation_approvals_user_id_idx" ON "mitigation_approvals"("user_id");

-- AddForeignKey
ALTER TABLE "mitigations" ADD CONSTRAINT "mitigations_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mitigations" ADD CONSTRAINT "mitigations_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mitigation_approvals" ADD CONSTRAINT "mitigation_approvals_mitigation_id_fkey" FOREIGN KEY ("mitigation_id") REFERENCES "mitigations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mitigation_approvals" ADD CONSTRAINT "mitigation_approvals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The state set of lib/mitigation/state.ts, the control plane's actions and the two decisions.
ALTER TABLE "mitigations" ADD CONSTRAINT "mitigations_state_check" CHECK ("state" IN ('proposed', 'approved', 'executing', 'verifying', 'done', 'failed', 'rolling-back', 'rolled-back', 'rejected', 'expired'));
ALTER TABLE "mitigations" ADD CONSTRAINT "mitigations_action_check" CHECK ("action" IN ('split', 'move', 'throttle', 'key-salting', 'cache-overlay', 'reads-to-replicas'));
ALTER TABLE "mitigations" ADD CONSTRAINT "mitigations_required_approvals_check" CHECK ("required_approvals" BETWEEN 1 AND 2);
ALTER TABLE "mitigation_approvals" ADD CONSTRAINT "mitigation_approvals_decision_check" CHECK ("decision" IN ('approve', 'reject'));
