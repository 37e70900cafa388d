import { z } from "zod";

export const KINDS = ["cluster", "node", "shard", "replica", "cache-node"] as const;
export type TKind = (typeof KINDS)[number];

export const ZListTopologyInput = z.object({
  cluster: z.string().max(128).optional(),
  kind: z.enum(KINDS).default("cluster"),
  search: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ZDescribeInput = z.object({
  displayName: z.string().trim().max(80, "at most 80 characters").nullable().optional(),
  description: z.string().trim().max(500, "at most 500 characters").nullable().optional(),
});

export const ZTopologyItem = z.object({
  kind: z.enum(KINDS),
  cluster: z.string(),
  id: z.string(),
  displayName: z.string().nullable(),
  description: z.string().nullable(),
  detail: z.record(z.string(), z.string().nullable()),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
});
export type TTopologyItem = z.infer<typeof ZTopologyItem>;
