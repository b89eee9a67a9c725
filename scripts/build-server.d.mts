/** Compiles the server and the CLI into dist/server/mamori.js; resolves to its path. */
export function buildServer(options?: { quiet?: boolean }): Promise<string>;
