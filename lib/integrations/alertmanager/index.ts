export { receiveAlertmanager } from "./receive-alertmanager";
export { expireExternalAlerts } from "./expire-external-alerts";
export { startExternalAlertExpiry } from "./expiry-timer";
export { toAlertRow, externalAlertId } from "./to-alert-rows";
export * from "./schemas";
