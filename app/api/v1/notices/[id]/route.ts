import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { withRoute } from "@/lib/http/with-route";
import { discardNotice, getNotice, publishNotice, updateNotice, ZNoticeView, ZPublishNoticeInput, ZUpdateNoticeInput } from "@/lib/status";

// GET /api/v1/notices/:id - one notice with its components and timeline (read)
export const GET = withRoute({ route: "/api/v1/notices/:id", permission: "read" }, async ({ ctx, params }) => {
  const notice = await getNotice({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ notice: ZNoticeView.parse(notice) });
});

// PATCH /api/v1/notices/:id - edit a draft or a published notice's fields at the loaded version (operate)
export const PATCH = withRoute({ route: "/api/v1/notices/:id", permission: "operate", body: ZUpdateNoticeInput }, async ({ ctx, params, body, rt }) => {
  const notice = await updateNotice({ ctx, input: { ...body, id: params.id ?? "" }, emit: rt.status.emit });
  return Response.json({ notice: ZNoticeView.parse(notice) });
});

const ZActionBody = z.union([ZPublishNoticeInput, z.strictObject({ reason: z.string().max(1000).optional() })]).optional();

// POST /api/v1/notices/:id:publish (body: optional last edits) | :discard (body: { reason? }) (operate)
export const POST = withRoute({ route: "/api/v1/notices/:id:action", permission: "operate", body: ZActionBody }, async ({ ctx, params, body, rt }) => {
  const m = /^(.+):(publish|discard)$/.exec(params.id ?? "");
  if (!m) throw new NotFoundError("POST /api/v1/notices/{id}:publish or :discard");
  const id = m[1]!;
  const notice =
    m[2] === "publish"
      ? await publishNotice({ ctx, input: { ...ZPublishNoticeInput.parse(body ?? {}), id }, emit: rt.status.emit })
      : await discardNotice({ ctx, input: { id, reason: (body as { reason?: string } | undefined)?.reason } });
  return Response.json({ notice: ZNoticeView.parse(notice) });
});
