import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { TEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

/** Loopback names are interchangeable for a local install: allow all of them as origins. */
export function trustedOrigins(baseUrl: string): string[] {
  const url = new URL(baseUrl);
  const loopback = ["127.0.0.1", "localhost", "[::1]"];
  if (!loopback.includes(url.hostname)) return [url.origin];
  return loopback.map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
}

/** Sessions, cookies and password hashing (scrypt) come from better-auth; sign-up is closed. */
export function createAuth({ prisma, env, secret }: { prisma: PrismaClient; env: TEnv; secret: string }) {
  return betterAuth({
    appName: "Shardwatch",
    baseURL: env.baseUrl,
    basePath: "/api/auth",
    secret,
    database: prismaAdapter(prisma, { provider: "postgresql", transaction: true }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: { additionalFields: { role: { type: "string", input: false, defaultValue: "viewer", required: false } } },
    session: { expiresIn: env.SHARDWATCH_SESSION_DAYS * 86_400, updateAge: 86_400 },
    // Sign-in has its own failure-based limiter (sign-in-limiter.ts), so one knob governs it.
    rateLimit: { enabled: true, window: 10, max: 100, storage: "memory", customRules: { "/sign-in/email": false } },
    trustedOrigins: trustedOrigins(env.baseUrl),
    advanced: {
      cookiePrefix: "shardwatch",
      useSecureCookies: env.baseUrl.startsWith("https://"),
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    telemetry: { enabled: false },
  });
}

export type TAuth = ReturnType<typeof createAuth>;
