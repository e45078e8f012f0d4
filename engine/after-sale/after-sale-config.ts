// Configuration of the after-sale domain (returns, reviews, settlement; `config.afterSale`), from the validated
// variables of engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import { resolve } from 'node:path';
import { projectRoot, type ConfigValues } from '../platform/config.js';

export interface AfterSaleConfig {
  reviewImageDir: string;
  reviewImageMaxBytes: number;
  reviewMaxImages: number;
  reviewUploadsMaxConcurrent: number;
  settlementIntervalMs: number;
}

/** `dataDir`: the engine's DATA_DIR, already resolved by engine/platform/config.ts. */
export function loadAfterSaleConfig(v: ConfigValues, dataDir: string): AfterSaleConfig {
  return {
    reviewImageDir: resolve(projectRoot, v.REVIEW_IMAGE_DIR ?? resolve(dataDir, 'objects/reviews')),
    reviewImageMaxBytes: v.REVIEW_IMAGE_MAX_BYTES,
    reviewMaxImages: v.REVIEW_MAX_IMAGES,
    reviewUploadsMaxConcurrent: v.REVIEW_UPLOADS_MAX_CONCURRENT,
    settlementIntervalMs: v.SETTLEMENT_INTERVAL_MS,
  };
}
