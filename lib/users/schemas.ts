import { z } from "zod";
import { ROLES } from "@/lib/auth/actor";

export const ZRole = z.enum(ROLES);

export const ZCreateUserInput = z.object({
  email: z.email("enter a valid email address").transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "enter a name").max(120),
  role: ZRole,
  password: z.string().min(12, "use at least 12 characters").max(256),
});
export type TCreateUserInput = z.input<typeof ZCreateUserInput>;

export const ZUpdateUserRoleInput = z.object({ id: z.string().min(1), role: ZRole });

export const ZUserSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  createdAt: z.number(),
});
export type TUserSummary = z.infer<typeof ZUserSummary>;
