"use client";

import { internalNamesIn } from "@/lib/status/internal-names";
import styles from "./status-admin.module.css";
import { useStatusComponents } from "./use-status-components";

/** Warns while public text names a shard, host or cache node of a component that keeps them private. */
export function LeakWarning({ texts }: { texts: string[] }) {
  const components = useStatusComponents();
  const names = components.data ? internalNamesIn(texts, components.data) : [];
  if (!names.length) return null;
  return (
    <p className={styles.note} role="status" data-testid="leak-warning">
      <span aria-hidden="true">! </span>This text names internal targets ({names.join(", ")}) that the status page keeps private. Stakeholders will see them if you publish it.
    </p>
  );
}
