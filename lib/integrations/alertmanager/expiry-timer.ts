import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { expireExternalAlerts } from "./expire-external-alerts";

const EVERY_MS = 30_000;

/** Resolves Alertmanager alerts whose sender stopped renewing them; returns the stop function. */
export function startExternalAlertExpiry(db: PrismaClient): () => void {
  const timer = setInterval(() => {
    expireExternalAlerts(db, Date.now())
      .then((n) => n && log.info("Alertmanager alerts ended without a resolved notification", { count: n }))
      .catch((err: unknown) => log.warn("could not end stale Alertmanager alerts", { err }));
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
