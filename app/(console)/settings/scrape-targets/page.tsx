import type { Metadata } from "next";
import { headers } from "next/headers";
import { ScrapeTargetsPanel } from "@/components/settings/scrape-targets-panel";
import { can } from "@/lib/auth/actor";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Scrape targets" };

export default async function ScrapeTargetsPage() {
  const user = await getPageUser(await headers());
  if (!user) return null;
  return <ScrapeTargetsPanel canEdit={can(user, "operate")} />;
}
