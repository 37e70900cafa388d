"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_AREAS } from "./nav-areas";

function isActive(pathname: string, href: string): boolean {
  // A cluster and its shards are reached from the overview, so the overview stays current there.
  if (href === "/") return pathname === "/" || pathname.startsWith("/clusters/");
  return pathname === href || pathname.startsWith(href + "/");
}

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {NAV_AREAS.filter((a) => a.ready).map((area) => (
        <Link key={area.href} href={area.href} aria-current={isActive(pathname, area.href) ? "page" : undefined}>
          {area.label}
        </Link>
      ))}
    </nav>
  );
}
