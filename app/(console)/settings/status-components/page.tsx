import type { Metadata } from "next";
import { headers } from "next/headers";
import { StatusComponentsPanel } from "@/components/status-admin/components-panel";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Status components" };

export default async function StatusComponentsPage() {
  const user = await getPageUser(await headers());
  if (!user) return null;
  return <StatusComponentsPanel isAdmin={user.role === "admin"} />;
}
