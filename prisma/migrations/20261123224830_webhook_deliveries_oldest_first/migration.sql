-- CreateIndex
CREATE INDEX "webhook_deliveries_state_created_at_idx" ON "webhook_deliveries"("state", "created_at");
