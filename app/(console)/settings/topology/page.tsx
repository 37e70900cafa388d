import type { Metadata } from "next";
import { headers } from "next/headers";
import { TopologyPanel } from "@/components/settings/topology-panel";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Clusters" };

export default async function TopologyPage() {
  const user = await getPageUser(await headers());
  return <TopologyPanel canEdit={user?.role === "operator" || user?.role === "admin"} />;
}
