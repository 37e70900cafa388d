import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { MitigationDetail } from "@/components/mitigations/mitigation-detail";
import { can } from "@/lib/auth/actor";
import { getPageContext } from "@/lib/auth/page-actor";
import { NotFoundError } from "@/lib/errors";
import { getMitigation } from "@/lib/mitigation";

export const metadata: Metadata = { title: "Mitigation" };

export default async function MitigationPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, page] = await Promise.all([params, getPageContext(await headers())]);
  if (!page) return null;
  const mitigation = await getMitigation({ ctx: page.ctx, input: { id } }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return <MitigationDetail initial={mitigation} canOperate={can(page.user, "operate")} />;
}
