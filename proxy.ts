import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

// Optimistic check only (no database): a request without a session cookie goes to sign-in,
// remembering where it was headed. The console layout does the real session check.
export function proxy(request: NextRequest) {
  if (getSessionCookie(request, { cookiePrefix: "shardwatch" })) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") url.searchParams.set("next", target);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!api/|metrics|sign-in|setup|status|_next/|icon.svg|favicon.ico|robots.txt).*)"],
};
