import type { Metadata } from "next";
import { headers } from "next/headers";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";
import { Forbidden } from "@/components/ui/forbidden";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const user = await getPageUser(await headers());
  if (user?.role !== "admin") return <Forbidden need="admin" />;
  return <WebhooksPanel />;
}
