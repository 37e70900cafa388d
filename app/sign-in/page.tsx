import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Logo } from "@/components/ui/logo";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getPageUser(await headers())) redirect("/");
  const { next } = await searchParams;
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <div className="brand">
          <Logo size={26} /> Shardwatch
        </div>
        <SignInForm next={next} />
        <p className="muted" style={{ marginTop: 16, fontSize: 13 }}>
          No account? An admin adds people in Settings → Users.
        </p>
      </div>
    </main>
  );
}
