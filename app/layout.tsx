import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { THEME_SCRIPT } from "@/components/shell/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Shardwatch", template: "%s · Shardwatch" },
  description: "Hot shards, replication lag and cache collapse, found in seconds.",
  icons: { icon: "/icon.svg" },
};

// Reads nothing from the request: cookies() here would make every route dynamic, and /status is
// served as cached HTML. The theme cookie is applied by THEME_SCRIPT before paint instead, so the
// server's data-theme may differ from the DOM's (hence suppressHydrationWarning on <html> only).
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" data-theme="system" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
