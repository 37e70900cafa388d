import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { RuleEditor } from "@/components/rules/rule-editor";
import { getPageContext } from "@/lib/auth/page-actor";
import { getRule } from "@/lib/detection/rules";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Rule" };

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const page = await getPageContext(await headers());
  if (!page) return null;
  const { id } = await params;
  const rule = await getRule({ ctx: page.ctx, input: { id } }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return <RuleEditor initial={rule} canEdit={page.user.role !== "viewer"} />;
}
