import { z } from "zod";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { withRoute } from "@/lib/http/with-route";
import { ZMitigationView } from "@/lib/mitigation";

const ZBody = z.object({
  cluster: z.string().min(1, "cluster is required").max(128),
  at: z
    .string()
    .regex(/^[0-9a-f]{8}$/i, "at is a ring position: 8 hex digits")
    .optional(),
  toNode: z.string().min(1).max(128).optional(),
  limitQps: z.number().positive("limitQps must be a positive number of requests per second").optional(),
});

// POST /api/v1/shards/:id:split | :move | :throttle - ask for an action on a shard; it becomes a proposal an
// operator approves. Body { cluster, at?, toNode? (move: required), limitQps? (throttle: required) };
// Idempotency-Key header: a retry with the same key returns the first answer (operate)
export const POST = withRoute({ route: "/api/v1/shards/:id:action", permission: "operate", body: ZBody }, async ({ ctx, params, body, req, rt }) => {
  const m = /^(.+):(split|move|throttle)$/.exec(params.action ?? "");
  if (!m) throw new NotFoundError("POST /api/v1/shards/{id}:split, :move or :throttle");
  const action = m[2] as "split" | "move" | "throttle";
  const issue = (path: string, message: string) => {
    throw new ValidationError(`The request is invalid: ${path} ${message}`, [{ path, message }]);
  };
  if (action === "move" && !body.toNode) issue("toNode", "is required: a move needs the node to move to");
  if (action === "throttle" && body.limitQps === undefined) issue("limitQps", "is required: a throttle needs a limit in requests per second");
  const key = req.headers.get("idempotency-key")?.trim() || undefined;
  if (key && key.length > 200) issue("Idempotency-Key", "is at most 200 characters");
  const request =
    action === "split"
      ? { action, at: body.at?.toLowerCase(), toNode: body.toNode }
      : action === "move"
        ? { action, toNode: body.toNode! }
        : { action, limitQps: body.limitQps! };
  const { mitigation, replayed } = await rt.mitigations.requestShardAction({ ctx, input: { cluster: body.cluster, shard: m[1]!, req: request, idempotencyKey: key } });
  return Response.json({ mitigation: ZMitigationView.parse(mitigation) }, { status: replayed ? 200 : 202, headers: replayed ? { "idempotent-replayed": "true" } : {} });
});
