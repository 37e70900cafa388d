// npm run token -- create --scopes ingest,read [--name NAME] | list | revoke ID
// Works on the configured database; with the embedded one, stop the server first (PGlite is single-process).
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { fromZodError } from "@/lib/errors";
import { SYSTEM_ACTOR, type TScope } from "@/lib/auth/actor";
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createToken, listTokens, revokeToken } from "@/lib/tokens";

const USAGE = "usage: npm run token -- create --scopes ingest,read [--name NAME] | list | revoke ID";
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { scopes: { type: "string" }, name: { type: "string" } },
});
const [command, arg] = positionals;

async function main(): Promise<void> {
  const env = getEnv();
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.SHARDWATCH_DATA_DIR, pgliteSharedBuffers: env.SHARDWATCH_PGLITE_SHARED_BUFFERS });
  const ctx = { db: db.prisma, actor: { ...SYSTEM_ACTOR, label: "cli" } };
  try {
    await migrate(db.sql, loadMigrations());
    if (command === "create") {
      const scopes = (values.scopes ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean) as TScope[];
      const token = await createToken({ ctx, input: { name: values.name ?? `cli ${new Date().toISOString().slice(0, 16)}`, scopes } });
      console.error(`created token "${token.name}" (${token.id}) with scopes ${token.scopes.join(",")}; the secret is shown once:`);
      console.log(token.secret);
    } else if (command === "list") {
      for (const t of await listTokens({ ctx })) {
        console.log([t.id, t.prefix + "…", t.name, t.scopes.join(","), t.revokedAt ? "revoked" : "active"].join("\t"));
      }
    } else if (command === "revoke" && arg) {
      const t = await revokeToken({ ctx, input: { id: arg } });
      console.log(`revoked "${t.name}" (${t.id})`);
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  const detail =
    err instanceof ZodError
      ? fromZodError(err)
          .issues!.map((i) => `${i.path}: ${i.message}`)
          .join("; ")
      : (err as Error).message;
  console.error(`shardwatch token: ${detail}`);
  process.exit(1);
});
