export { createSilence } from "./create-silence";
export { listSilences } from "./list-silences";
export { getSilence } from "./get-silence";
export { updateSilence } from "./update-silence";
export { expireSilence } from "./expire-silence";
export { loadActiveSilences } from "./load-active-silences";
export * from "./match";
export * from "./schemas";
