// Debian's Prometheus and Alertmanager for the remote_write and Alertmanager end-to-end tests (no download outside apt).
import { ensureDebianPackage } from "./steps.mjs";

export const PROMETHEUS = "/usr/bin/prometheus";

export const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

export function ensurePrometheus() {
  ensureDebianPackage("prometheus", PROMETHEUS);
  ensureDebianPackage("prometheus-alertmanager", ALERTMANAGER);
}
