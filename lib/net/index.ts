export { checkOutboundUrl, checkUrlShape, refusalFor, systemResolve, UrlRefusedError } from "./url-guard";
export type { TCheckedUrl, TResolve, TResolvedAddress, TUrlPolicy } from "./url-guard";
export { FetchFailedError, guardedFetchText, pinnedLookup } from "./guarded-fetch";
export type { TFetchedText, TFetchFailure, TGuardedFetchOptions } from "./guarded-fetch";
export { parseCidr, parseIp } from "./ip";
