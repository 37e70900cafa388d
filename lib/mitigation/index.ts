export { approveMitigation } from "./approve-mitigation";
export { chooseMitigations } from "./choose";
export { expireMitigations } from "./expire-mitigations";
export { getMitigation } from "./get-mitigation";
export { listMitigations } from "./list-mitigations";
export { DEFAULT_POLICY, type TMitigationPolicy } from "./policy";
export { proposeMitigations } from "./propose-mitigations";
export { rejectMitigation } from "./reject-mitigation";
export * from "./schemas";
