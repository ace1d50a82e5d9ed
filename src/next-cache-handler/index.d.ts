// Types for nextcachekv-cache-handler. The singular handler is the module's default export
// (next.config.js `cacheHandler`); the plural one is `nextcachekv-cache-handler/cache-handlers`.

export interface NextCacheKvSettings {
  /** redis:// URL of NextCacheKv (or Redis, Garnet, Valkey for the fallback). Default: NEXTCACHEKV_URL, REDIS_URL, redis://127.0.0.1:6379 */
  url: string;
  /** Prefix of every key and tag. Default: `nk:<BUILD_ID>:` (NEXTCACHEKV_PREFIX overrides). */
  keyPrefix: string;
  /** Longest wait for the server per operation before answering a miss. Default 500 ms (NEXTCACHEKV_TIMEOUT_MS). */
  timeoutMs: number;
  /** TTL for entries whose Next.js expire is unbounded. Default 30 days (NEXTCACHEKV_DEFAULT_TTL). */
  defaultTtlSeconds: number;
  /** 'auto': NEXT commands when the server has them, else plain Redis; or force 'next' / 'redis'. */
  mode: 'auto' | 'next' | 'redis';
  logger: Pick<Console, 'warn' | 'info'>;
}

export interface CacheHandlerValue {
  lastModified: number;
  value: unknown;
  cacheControl?: { revalidate: number | false; expire: number | undefined };
}

declare class CacheHandler {
  constructor(context?: unknown);
  get(key: string, ctx?: { kind?: string; softTags?: string[]; tags?: string[]; revalidate?: number }): Promise<CacheHandlerValue | null>;
  set(key: string, data: unknown, ctx?: { cacheControl?: { revalidate: number | false; expire?: number }; tags?: string[] }): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
  resetRequestCache(): void;
  static configure(overrides: Partial<NextCacheKvSettings>): NextCacheKvSettings;
}

export = CacheHandler;
