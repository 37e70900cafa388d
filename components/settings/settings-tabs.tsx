"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/settings", label: "Account", admin: false },
  { href: "/settings/topology", label: "Clusters", admin: false },
  { href: "/settings/scrape-targets", label: "Scrape targets", admin: false },
  { href: "/settings/simulator", label: "Simulator", admin: false },
  { href: "/settings/status-components", label: "Status components", admin: false },
  { href: "/settings/tokens", label: "API tokens", admin: true },
  { href: "/settings/webhooks", label: "Webhooks", admin: true },
  { href: "/settings/users", label: "Users", admin: true },
  { href: "/settings/audit", label: "Audit log", admin: true },
];

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Settings">
      {TABS.filter((t) => isAdmin || !t.admin).map((t) => (
        <Link key={t.href} href={t.href} aria-current={pathname === t.href || (t.href === "/settings/webhooks" && pathname.startsWith("/settings/webhooks/")) ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
