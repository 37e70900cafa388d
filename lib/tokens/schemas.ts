import { z } from "zod";
import { SCOPES } from "@/lib/auth/actor";

export const ZScope = z.enum(SCOPES);

export const ZCreateTokenInput = z.object({
  name: z.string().trim().min(1, "give the token a name").max(80, "at most 80 characters"),
  scopes: z.array(ZScope).min(1, "choose at least one scope").transform((s) => [...new Set(s)].sort()),
});
export type TCreateTokenInput = z.input<typeof ZCreateTokenInput>;

export const ZToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ZScope),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type TToken = z.infer<typeof ZToken>;

export const ZCreatedToken = ZToken.extend({ secret: z.string() });
