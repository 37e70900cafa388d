import type { Metadata } from "next";
import { headers } from "next/headers";
import { RuleEditor } from "@/components/rules/rule-editor";
import { Forbidden } from "@/components/ui/forbidden";
import { getPageContext } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "New rule" };

export default async function NewRulePage() {
  const page = await getPageContext(await headers());
  if (!page) return null;
  if (page.user.role === "viewer") return <Forbidden need="operator" />;
  return <RuleEditor initial={null} canEdit />;
}
