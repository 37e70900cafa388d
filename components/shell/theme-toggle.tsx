"use client";

import { useState } from "react";
import { THEME_COOKIE, THEMES, type TTheme } from "./theme";

const LABEL: Record<TTheme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

export function ThemeToggle({ initial }: { initial: TTheme }) {
  const [theme, setTheme] = useState<TTheme>(initial);
  function choose(next: TTheme) {
    setTheme(next);
    document.documentElement.dataset.theme = next;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }
  return (
    <label className="field" style={{ marginBottom: 0 }}>
      <span className="visually-hidden">Theme</span>
      <select value={theme} onChange={(e) => choose(e.target.value as TTheme)} aria-label="Theme">
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABEL[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
