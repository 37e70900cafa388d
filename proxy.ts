import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

// Optimistic check only (no database): a request without a session cookie goes to sign-in,
// remembering where it was headed. The console layout does the real session check.
export function proxy(request: NextRequest) {
  // Public, but nothing lives under /status except the feed: answer 404 here rather than render (and
  // cache) the status page's not-found for every made-up path.
  if (request.nextUrl.pathname.startsWith("/status/")) return new NextResponse("Not found", { status: 404 });
  if (getSessionCookie(request, { cookiePrefix: "shardwatch" })) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") url.searchParams.set("next", target);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!api/|metrics|sign-in|setup|status$|status/feed\\.atom$|_next/|icon.svg|favicon.ico|robots.txt).*)"],
};
