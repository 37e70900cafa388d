"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Re-renders the server page every `seconds` (live mode) until paused; says when it last did. */
export function AutoRefresh({ seconds = 5 }: { seconds?: number }) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const [at, setAt] = useState<Date | null>(null);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      router.refresh();
      setAt(new Date());
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [paused, router, seconds]);
  return (
    <div className="live-toggle">
      <span className="muted" aria-live="polite">
        {paused ? "Paused" : `Live, every ${seconds} s`}
        {at ? ` · updated ${at.toLocaleTimeString()}` : ""}
      </span>
      <button type="button" className="btn" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
        {paused ? "Resume live" : "Pause live"}
      </button>
    </div>
  );
}
