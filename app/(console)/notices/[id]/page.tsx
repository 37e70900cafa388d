import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { NoticeDetail } from "@/components/status-admin/notice-detail";
import { can } from "@/lib/auth/actor";
import { getPageContext } from "@/lib/auth/page-actor";
import { NotFoundError } from "@/lib/errors";
import { getNotice } from "@/lib/status";

export const metadata: Metadata = { title: "Notice" };

export default async function NoticePage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, page] = await Promise.all([params, getPageContext(await headers())]);
  if (!page) return null;
  const notice = await getNotice({ ctx: page.ctx, input: { id } }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return <NoticeDetail initial={notice} canOperate={can(page.user, "operate")} />;
}
