import type { Metadata } from "next";
import { ComponentList } from "@/components/status-public/component-list";
import { History } from "@/components/status-public/history";
import { NoticeCard } from "@/components/status-public/notice-card";
import { OverallBanner } from "@/components/status-public/overall-banner";
import css from "@/components/status-public/status-public.module.css";
import { SubscribeForm } from "@/components/status-public/subscribe-form";
import { getEnv } from "@/lib/env";
import { getRuntime } from "@/lib/runtime";
import { readPublicStatus } from "@/lib/status/public/read";

// Rendered per request so a publish shows at once, but from the in-process cache: a warm request
// does no database work (see lib/status/public/read.ts for the invalidation and staleness bound).
export const dynamic = "force-dynamic";

const FEED = "/status/feed.atom";
const SUMMARY = "/api/v1/status/summary.json";

export async function generateMetadata(): Promise<Metadata> {
  const name = getEnv().SHARDWATCH_STATUS_PAGE_NAME;
  return {
    title: { absolute: name },
    description: `Current status, incidents and maintenance for ${name}.`,
    alternates: { types: { "application/atom+xml": [{ url: FEED, title: `${name} (Atom)` }] } },
  };
}

export default async function StatusPage() {
  const rt = await getRuntime();
  const status = await readPublicStatus(rt.db.prisma);
  const name = rt.env.SHARDWATCH_STATUS_PAGE_NAME;
  return (
    <main className={css.page}>
      <header className={css.head}>
        <h1>{name}</h1>
        <nav className={css.headLinks} aria-label="Machine-readable status">
          <a href={FEED}>Atom feed</a>
          <a href={SUMMARY}>summary.json</a>
          <a href="#subscribe">Subscribe</a>
        </nav>
      </header>
      <OverallBanner status={status} />
      {status.active.length ? (
        <section className={css.section} aria-labelledby="active-heading">
          <h2 id="active-heading">Active incidents</h2>
          {status.active.map((n) => (
            <NoticeCard key={n.id} notice={n} />
          ))}
        </section>
      ) : null}
      {status.maintenances.length ? (
        <section className={css.section} aria-labelledby="maintenance-heading">
          <h2 id="maintenance-heading">Scheduled maintenance</h2>
          {status.maintenances.map((n) => (
            <NoticeCard key={n.id} notice={n} />
          ))}
        </section>
      ) : null}
      <section className={css.section} aria-labelledby="components-heading">
        <h2 id="components-heading">Components</h2>
        <ComponentList components={status.components} />
      </section>
      <section className={css.section} aria-labelledby="history-heading">
        <h2 id="history-heading">Past incidents</h2>
        <History history={status.history} />
      </section>
      <section className={css.section} aria-labelledby="subscribe-heading" id="subscribe">
        <h2 id="subscribe-heading">Subscribe to updates</h2>
        <SubscribeForm />
      </section>
      <footer className={css.foot}>
        <span>Times are in UTC.</span>
        <a href={FEED}>Atom feed</a>
        <a href={SUMMARY}>summary.json</a>
      </footer>
    </main>
  );
}
