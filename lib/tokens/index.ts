export { createToken } from "./create-token";
export { revokeToken } from "./revoke-token";
export { listTokens } from "./list-tokens";
export { verifyToken } from "./verify-token";
export { ensureBootstrapToken } from "./ensure-bootstrap-token";
export * from "./schemas";
