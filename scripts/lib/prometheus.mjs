// Debian's Prometheus for the remote_write end-to-end test and benchmark (no download outside apt).
import { ensureDebianPackage } from "./steps.mjs";

export const PROMETHEUS = "/usr/bin/prometheus";

export function ensurePrometheus() {
  ensureDebianPackage("prometheus", PROMETHEUS);
}
