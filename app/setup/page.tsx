import type { Metadata } from "next";
import Link from "next/link";
import { SetupForm } from "@/components/auth/setup-form";
import { Logo } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <div className="brand">
          <Logo size={26} /> Shardwatch
        </div>
        {token ? (
          <SetupForm token={token} />
        ) : (
          <p>
            This page needs the one-time setup link that Shardwatch prints when it starts with no users.{" "}
            <Link href="/sign-in">Sign in</Link> if you already have an account.
          </p>
        )}
      </div>
    </main>
  );
}
