import { readFileSync } from "node:fs";
import { ConfigError } from "@/lib/env";
import { formatPath } from "@/lib/errors";
import { IDENTITY_LABELS, ZPromMappingFile, type TPromMappingConfig, type TPromMappingFile } from "./mapping-config";
import { DEFAULT_PROM_MAPPING } from "./mapping-defaults";

export const PROM_MAPPING_FILE_VAR = "SHARDWATCH_PROM_MAPPING_FILE";

/** File rules replace built-in ones for the same metric; label sources merge field by field. */
export function mergePromMapping(file: TPromMappingFile, defaults: TPromMappingConfig = DEFAULT_PROM_MAPPING): TPromMappingConfig {
  if (!file.includeDefaults) return { labels: file.labels, rules: file.rules };
  const own = new Set(file.rules.map((r) => r.metric));
  const labels: TPromMappingConfig["labels"] = {};
  for (const label of IDENTITY_LABELS) {
    const merged = { ...defaults.labels[label], ...file.labels[label] };
    if (merged.from || merged.default) labels[label] = merged;
  }
  return { labels, rules: [...defaults.rules.filter((r) => !own.has(r.metric)), ...file.rules] };
}

/**
 * The mapping in force: the built-in one, or the JSON file named by SHARDWATCH_PROM_MAPPING_FILE.
 * A missing, unreadable or invalid file is a ConfigError naming the variable, the file and the problem.
 */
export function loadPromMapping(env: { readonly [key: string]: unknown }): TPromMappingConfig {
  const file = env[PROM_MAPPING_FILE_VAR];
  if (typeof file !== "string" || !file) return DEFAULT_PROM_MAPPING;
  const where = `${PROM_MAPPING_FILE_VAR} (${file})`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`${where} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ZPromMappingFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new ConfigError(`${where} is not a valid Prometheus mapping: ${problems.join("; ")}`);
  }
  return mergePromMapping(parsed.data);
}
