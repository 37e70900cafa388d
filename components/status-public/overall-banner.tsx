import { formatUtc } from "@/lib/status/public/format";
import type { TPublicStatus } from "@/lib/status/public/schema";
import { INDICATOR_TONE, ToneIcon } from "./icons";
import css from "./status-public.module.css";

export function OverallBanner({ status }: { status: TPublicStatus }) {
  const tone = INDICATOR_TONE[status.overall.indicator];
  return (
    <section className={`${css.banner} ${css[`tone-${tone}`]}`} aria-labelledby="overall-status">
      <ToneIcon tone={tone} size={28} />
      <div>
        <h2 id="overall-status" className={css.bannerTitle}>
          {status.overall.description}
        </h2>
        <small>Last updated {formatUtc(status.updatedAt)}</small>
      </div>
    </section>
  );
}
