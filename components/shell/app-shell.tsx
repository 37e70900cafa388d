import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import type { TTheme } from "./theme";
import { ThemeToggle } from "./theme-toggle";

export type TShellUser = { email: string; name: string; role: string };

export function AppShell({ user, theme, children }: { user: TShellUser; theme: TTheme; children: ReactNode }) {
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar">
        <Link href="/" className="brand">
          <Logo /> Shardwatch
        </Link>
        <NavLinks />
        <div className="sidebar-foot">
          <div className="who">
            <strong>{user.name}</strong>
            <span className="muted">
              {user.email} · <span data-testid="role">{user.role}</span>
            </span>
          </div>
          <ThemeToggle initial={theme} />
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}
