import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ValidationError } from "@/lib/errors";
import type { TScenario } from "./scenario";
import { ZScenario } from "./scenario";

// Loads and validates the scenario files shipped in scenarios/ (or another folder).

export const SCENARIO_DIR = path.join(process.cwd(), "scenarios");

export function parseScenario(raw: unknown, source: string): TScenario {
  const parsed = ZScenario.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new ValidationError(`Scenario ${source} is invalid: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`, issues);
}

export function loadScenarios(dir = SCENARIO_DIR): TScenario[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const scenarios = files.map((file) => {
    const text = readFileSync(path.join(dir, file), "utf8");
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ValidationError(`Scenario ${file} is not valid JSON: ${(err as Error).message}`);
    }
    const scenario = parseScenario(raw, file);
    if (`${scenario.name}.json` !== file) throw new ValidationError(`Scenario ${file} is named "${scenario.name}"; the file must be ${scenario.name}.json`);
    return scenario;
  });
  return scenarios;
}

export function findScenario(scenarios: TScenario[], name: string): TScenario {
  const s = scenarios.find((x) => x.name === name);
  if (!s) throw new ValidationError(`Unknown scenario "${name}"; available: ${scenarios.map((x) => x.name).join(", ")}`);
  return s;
}
