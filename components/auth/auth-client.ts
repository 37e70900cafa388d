"use client";

import { createAuthClient } from "better-auth/react";

// Same-origin client: cookies are HTTP-only and never touched by script.
export const authClient = createAuthClient({ basePath: "/api/auth" });
