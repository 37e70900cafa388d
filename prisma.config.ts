import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this; migrations run through lib/db/migrate.ts (see README).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
