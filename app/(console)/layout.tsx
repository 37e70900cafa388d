import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { parseTheme, THEME_COOKIE } from "@/components/shell/theme";
import { getPageUser } from "@/lib/auth/page-actor";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getPageUser(await headers());
  if (!user) redirect("/sign-in");
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <AppShell user={{ email: user.email, name: user.name, role: user.role }} theme={theme}>
      {children}
    </AppShell>
  );
}
