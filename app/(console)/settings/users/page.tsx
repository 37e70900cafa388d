import type { Metadata } from "next";
import { headers } from "next/headers";
import { UsersPanel } from "@/components/settings/users-panel";
import { Forbidden } from "@/components/ui/forbidden";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await getPageUser(await headers());
  if (user?.role !== "admin") return <Forbidden need="admin" />;
  return <UsersPanel selfId={user.id} />;
}
