export { createUser } from "./create-user";
export { listUsers } from "./list-users";
export { updateUserRole } from "./update-user-role";
export { deleteUser } from "./delete-user";
export { completeSetup, ensureAdmin, prepareSetupLink } from "./setup";
export * from "./schemas";
