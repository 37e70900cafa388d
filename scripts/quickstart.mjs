// npm start: install what is missing, build if the sources changed, then serve Shardwatch on the
// embedded database (./data) at http://127.0.0.1:3000 unless HOST/PORT/DATABASE_URL say otherwise.
import { spawn } from "node:child_process";
import path from "node:path";
import { withServerEnvDefaults } from "./lib/server-env.mjs";
import { ROOT, ensureBuild, ensureDependencies, ensurePrismaClient } from "./lib/steps.mjs";

ensureDependencies();
ensurePrismaClient();
ensureBuild();

const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
const child = spawn(process.execPath, [path.join(ROOT, "scripts", "serve.mjs")], {
  cwd: ROOT,
  stdio: "inherit",
  env: withServerEnvDefaults({ ...process.env, NEXT_TELEMETRY_DISABLED: "1", HOST: host, PORT: port }),
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
