import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ComponentList } from "@/components/status-public/component-list";
import { History } from "@/components/status-public/history";
import { NoticeCard } from "@/components/status-public/notice-card";
import { OverallBanner } from "@/components/status-public/overall-banner";
import css from "@/components/status-public/status-public.module.css";
import { SubscribeForm } from "@/components/status-public/subscribe-form";
import { getEnv } from "@/lib/env";
import { getRuntime } from "@/lib/runtime";
import { getPublicStatus } from "@/lib/status/public/get-public-status";

// Served as cached HTML (ISR), rendered from the database on the first request. A status change in a
// request drops it at once (app/status/cache.ts); else it is re-rendered in the background after
// `revalidate` s and never served older than expireTime (next.config.ts). The optional catch-all with
// no static params keeps `next build` (which has no database) from rendering it.
export const revalidate = 15;
export const dynamicParams = true;
export function generateStaticParams(): { rest?: string[] }[] {
  return [];
}

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

export default async function StatusPage({ params }: { params: Promise<{ rest?: string[] }> }) {
  if ((await params).rest) notFound();
  const rt = await getRuntime();
  // Straight from the database, not the in-process copy: the render is rare, and the HTML's age bound is then the data's.
  const status = await getPublicStatus({ ctx: { db: rt.db.prisma } });
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
