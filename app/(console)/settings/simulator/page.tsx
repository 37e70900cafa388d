import type { Metadata } from "next";
import { headers } from "next/headers";
import { SimulatorPanel } from "@/components/simulator/simulator-panel";
import { can } from "@/lib/auth/actor";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Simulator" };

export default async function SimulatorPage() {
  const user = await getPageUser(await headers());
  if (!user) return null;
  return <SimulatorPanel canEdit={can(user, "operate")} />;
}
