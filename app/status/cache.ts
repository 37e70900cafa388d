import { revalidatePath } from "next/cache";
import { onStatusChanged } from "@/lib/status/changes";

export const STATUS_PAGE_PATH = "/status";

/**
 * Drops the cached /status HTML whenever what it shows changes during a request (route handler or
 * server action), so the next request renders it afresh. Next offers no cache context outside a
 * request (the StatusService timer): there the page's revalidate/expireTime bound applies.
 */
export function revalidateStatusPageOnChange(): () => void {
  return onStatusChanged(() => {
    try {
      revalidatePath(STATUS_PAGE_PATH);
    } catch {
      // Outside a request: "static generation store missing". Bounded by expireTime instead.
    }
  });
}
