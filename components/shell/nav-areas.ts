// The product's areas. An area is linked only once its page is built (`ready`); later issues flip them.
export type TNavArea = { href: string; label: string; ready: boolean; adminOnly?: boolean };

export const NAV_AREAS: TNavArea[] = [
  { href: "/", label: "Overview", ready: true },
  { href: "/replication", label: "Replication", ready: true },
  { href: "/cache", label: "Cache", ready: true },
  { href: "/alerts", label: "Alerts", ready: true },
  { href: "/rules", label: "Rules", ready: true },
  { href: "/mitigations", label: "Mitigations", ready: true },
  { href: "/notices", label: "Notices", ready: true },
  { href: "/status", label: "Status", ready: false },
  { href: "/settings", label: "Settings", ready: true },
];
