"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { statusComponentKeys } from "@/components/api/query-keys";
import type { TStatusComponent } from "./format";

export function useStatusComponents() {
  return useQuery({
    queryKey: statusComponentKeys.list(),
    queryFn: () => fetchJson<{ components: TStatusComponent[] }>("/api/v1/status/components").then((r) => r.components),
  });
}
