import { StatusBadge } from "@/components/ui/status-badge";
import type { TComponentLevel } from "@/lib/status/levels";
import type { TNoticeStatus } from "@/lib/status/notice-state";
import { LEVEL_ICON, LEVEL_LABELS, levelTone, STATUS_LABELS, statusTone } from "./format";

export function LevelBadge({ level }: { level: TComponentLevel }) {
  return (
    <StatusBadge tone={levelTone(level)} icon={LEVEL_ICON[level]}>
      {LEVEL_LABELS[level]}
    </StatusBadge>
  );
}

export function NoticeStatusBadge({ status }: { status: TNoticeStatus }) {
  return <StatusBadge tone={statusTone(status)}>{STATUS_LABELS[status]}</StatusBadge>;
}

export function StateBadge({ state }: { state: string }) {
  if (state === "draft") return <StatusBadge tone="neutral" icon="✎">Draft — not public</StatusBadge>;
  if (state === "discarded") return <StatusBadge tone="neutral" icon="⌫">Discarded</StatusBadge>;
  return <StatusBadge tone="ok" icon="◉">Published</StatusBadge>;
}
