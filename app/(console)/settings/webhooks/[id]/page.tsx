import type { Metadata } from "next";
import { headers } from "next/headers";
import { WebhookDetail } from "@/components/webhooks/webhook-detail";
import { Forbidden } from "@/components/ui/forbidden";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await getPageUser(await headers());
  if (user?.role !== "admin") return <Forbidden need="admin" />;
  return <WebhookDetail id={(await params).id} />;
}
