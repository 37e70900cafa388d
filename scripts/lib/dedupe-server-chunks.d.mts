export function dedupeServerChunks(distDir: string): { duplicateGroups: number; duplicateFiles: number; duplicateBytes: number; references: number };
