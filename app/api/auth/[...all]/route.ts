import { handleAuthRequest } from "@/lib/auth/handle-auth-request";
import { getRuntime } from "@/lib/runtime";

// GET|POST /api/auth/* - better-auth: sign-in, sign-out, session (sign-up is closed)
export async function GET(req: Request) {
  return handleAuthRequest(await getRuntime(), req);
}

export async function POST(req: Request) {
  return handleAuthRequest(await getRuntime(), req);
}
