import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// Development and test tooling only (never loaded by the server): Prisma's schema engine compiled to
// WASM, driven through a driver adapter, so diffs need no downloaded native binary.

export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");

type TEngine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string }>;
  free(): void;
};

type TEngineModule = { SchemaEngine: { new: (opts: unknown, log: (line: string) => void, adapter: unknown) => Promise<TEngine> } };
let engineModule: Promise<TEngineModule> | undefined;

// The package's entry imports .wasm as an ES module (a bundler feature); instantiate it by hand for
// Node, once per process (its bindings hold one instance).
async function instantiate(): Promise<TEngineModule> {
  const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as TEngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const require = createRequire(import.meta.url);
  const wasmFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  return bg;
}

async function loadEngine(datamodel: [string, string], adapter: SqlMigrationAwareDriverAdapterFactory): Promise<TEngine> {
  const { SchemaEngine } = await (engineModule ??= instantiate());
  return SchemaEngine.new({ datamodels: [datamodel] }, () => undefined, bindMigrationAwareSqlAdapterFactory(adapter));
}

/**
 * SQL that takes the database behind `adapter` to `schema.prisma`; an empty string means no drift.
 */
export async function diffDatabaseToSchema(adapter: SqlMigrationAwareDriverAdapterFactory, schemaPath = SCHEMA_PATH): Promise<string> {
  const content = readFileSync(schemaPath, "utf8");
  const engine = await loadEngine([schemaPath, content], adapter);
  try {
    const files = [{ path: schemaPath, content }];
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: path.dirname(schemaPath) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 0 ? "" : result.stdout.trim();
  } finally {
    engine.free();
  }
}
