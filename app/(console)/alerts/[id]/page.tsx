import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AlertDetail } from "@/components/alerts/alert-detail";
import { can } from "@/lib/auth/actor";
import { getPageContext } from "@/lib/auth/page-actor";
import { getAlert } from "@/lib/detection/alerts";
import { getRule } from "@/lib/detection/rules";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Alert" };

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, page] = await Promise.all([params, getPageContext(await headers())]);
  if (!page) return null;
  const alert = await getAlert({ ctx: page.ctx, input: { id } }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  // The rule may have been deleted since; the chart then falls back to shard qps.
  const rule = alert.ruleId ? await getRule({ ctx: page.ctx, input: { id: alert.ruleId } }).catch(() => null) : null;
  return (
    <AlertDetail initial={alert} rule={rule ? { title: rule.title, kind: rule.kind, params: rule.params } : null} canOperate={can(page.user, "operate")} />
  );
}
