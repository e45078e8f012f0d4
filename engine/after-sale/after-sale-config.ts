// Configuration of the after-sale domain (returns, reviews, settlement), from environment variables
// (composed into EngineConfig by engine/platform/config.ts as `config.afterSale`).
//   REVIEW_IMAGE_DIR          <DATA_DIR>/objects/reviews  where review image files are stored
//   REVIEW_IMAGE_MAX_BYTES    2000000  size limit of one review image
//   REVIEW_MAX_IMAGES         10       images per review
//   REVIEW_UPLOADS_MAX_CONCURRENT 16   review image uploads one edge process receives at once (more: 503 UPLOADS_BUSY)
//   SETTLEMENT_INTERVAL_MS    600000   how often the scheduler's settlement job runs (0: never; on demand only)
import { resolve } from 'node:path';
import { int, projectRoot, str } from '../platform/config.js';

export interface AfterSaleConfig {
  reviewImageDir: string;
  reviewImageMaxBytes: number;
  reviewMaxImages: number;
  reviewUploadsMaxConcurrent: number;
  settlementIntervalMs: number;
}

/** `dataDir`: the engine's DATA_DIR, already resolved by engine/platform/config.ts. */
export function loadAfterSaleConfig(env: NodeJS.ProcessEnv, dataDir: string): AfterSaleConfig {
  return {
    reviewImageDir: resolve(projectRoot, str(env, 'REVIEW_IMAGE_DIR', resolve(dataDir, 'objects/reviews'))),
    reviewImageMaxBytes: int(env, 'REVIEW_IMAGE_MAX_BYTES', 2_000_000),
    reviewMaxImages: int(env, 'REVIEW_MAX_IMAGES', 10),
    reviewUploadsMaxConcurrent: int(env, 'REVIEW_UPLOADS_MAX_CONCURRENT', 16),
    settlementIntervalMs: int(env, 'SETTLEMENT_INTERVAL_MS', 600_000),
  };
}
