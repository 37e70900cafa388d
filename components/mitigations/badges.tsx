import { StatusBadge } from "@/components/ui/status-badge";
import { OUTCOME_BADGE, STATE_BADGE, VERDICT_BADGE, type TBadgeInfo, type TMitigation, type TVerdict } from "./format";

function Badge({ info }: { info: TBadgeInfo }) {
  return (
    <StatusBadge tone={info.tone} icon={info.icon}>
      {info.text}
    </StatusBadge>
  );
}

export const MitigationStateBadge = ({ state }: { state: TMitigation["state"] }) => <Badge info={STATE_BADGE[state]} />;
export const OutcomeBadge = ({ outcome }: { outcome: NonNullable<TMitigation["outcome"]> }) => <Badge info={OUTCOME_BADGE[outcome]} />;
export const VerdictBadge = ({ verdict }: { verdict: TVerdict }) => <Badge info={VERDICT_BADGE[verdict]} />;
