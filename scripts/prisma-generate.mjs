// `prisma generate` for postinstall and builds; needs no network (see scripts/lib/steps.mjs).
import { ensurePrismaClient } from "./lib/steps.mjs";

ensurePrismaClient(process.argv.includes("--force"));
