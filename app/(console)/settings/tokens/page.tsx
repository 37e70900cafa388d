import type { Metadata } from "next";
import { headers } from "next/headers";
import { TokensPanel } from "@/components/settings/tokens-panel";
import { Forbidden } from "@/components/ui/forbidden";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await getPageUser(await headers());
  if (user?.role !== "admin") return <Forbidden need="admin" />;
  return <TokensPanel />;
}
