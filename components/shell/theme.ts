export const THEME_COOKIE = "shardwatch-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type TTheme = (typeof THEMES)[number];

export function parseTheme(value: string | undefined): TTheme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as TTheme) : "system";
}

/**
 * Sets <html data-theme> from the theme cookie. Inlined as a blocking script in <head> so it runs
 * before the first paint (no flash) while the root layout stays free of cookies() and /status can be
 * cached HTML. Without JavaScript the page keeps data-theme="system" (the OS preference).
 */
export const THEME_SCRIPT = `(function(){try{var m=document.cookie.match(/(?:^|;\\s*)${THEME_COOKIE}=(${THEMES.join("|")})(?:;|$)/);if(m)document.documentElement.dataset.theme=m[1]}catch(e){}})()`;
