export const THEME_COOKIE = "shardwatch-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type TTheme = (typeof THEMES)[number];

export function parseTheme(value: string | undefined): TTheme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as TTheme) : "system";
}
