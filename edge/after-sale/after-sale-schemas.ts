// Request schemas of the after-sale, review and settlement routes (ajv, compiled once; unknown fields rejected).
import { imagePartsSchema } from '../http/image-uploads.js';
import { Ajv, type JSONSchemaType } from 'ajv';
import {
  afterSaleReasons, receivedConditions, sellerTargets, type AfterSaleTransition, type NewAfterSale, type ReplacementShipment, type SellerCancellation,
} from '../../engine/after-sale/after-sale-types.js';
import type { NewReview, ReviewHide, ReviewUpdate } from '../../engine/reviews/review-types.js';

const ajv = new Ajv({ allErrors: false, strict: true });

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const version = { type: 'integer', minimum: 0, maximum: 2_147_483_647 } as const;
const stars = { type: 'integer', minimum: 1, maximum: 5 } as const;
const title = { type: 'string', minLength: 1, maxLength: 100 } as const;
const content = { type: 'string', maxLength: 5_000 } as const;
const note = { type: 'string', maxLength: 1_000 } as const;

export const newAfterSaleSchema: JSONSchemaType<NewAfterSale> = {
  type: 'object',
  properties: {
    orderItemId: id,
    reason: { type: 'string', enum: [...afterSaleReasons], description: 'CHANGED_MIND and ORDERED_WRONG_OPTION are the buyer\'s fault (the buyer pays the seller\'s fee)' },
    detail: { ...note, nullable: true },
    pickupAddress: { type: 'string', minLength: 1, maxLength: 500 },
  },
  required: ['orderItemId', 'reason', 'pickupAddress'],
  additionalProperties: false,
};

export const afterSaleTransitionSchema: JSONSchemaType<AfterSaleTransition> = {
  type: 'object',
  properties: {
    to: { type: 'string', enum: [...sellerTargets] },
    version,
    note: { ...note, nullable: true },
    condition: {
      type: 'string', enum: [...receivedConditions], nullable: true,
      description: 'required when a return completes (and only then): SELLABLE puts its units back on sale, once',
    },
  },
  required: ['to', 'version'],
  additionalProperties: false,
};

export const replacementShipmentSchema: JSONSchemaType<ReplacementShipment> = {
  type: 'object',
  properties: {
    courier: { type: 'string', minLength: 1, maxLength: 100 },
    trackingNumber: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' },
    version,
  },
  required: ['courier', 'trackingNumber', 'version'],
  additionalProperties: false,
};

export const sellerCancellationSchema: JSONSchemaType<SellerCancellation> = {
  type: 'object',
  properties: { reason: { type: 'string', minLength: 1, maxLength: 1_000 }, version },
  required: ['reason', 'version'],
  additionalProperties: false,
};

export const newReviewSchema: JSONSchemaType<NewReview> = {
  type: 'object',
  properties: { orderItemId: id, title, content: { ...content, nullable: true }, stars },
  required: ['orderItemId', 'title', 'stars'],
  additionalProperties: false,
};

export const reviewUpdateSchema: JSONSchemaType<ReviewUpdate> = {
  type: 'object',
  properties: { version, title: { ...title, nullable: true }, content: { ...content, nullable: true }, stars: { ...stars, nullable: true } },
  required: ['version'],
  additionalProperties: false,
};

export const reviewVoteSchema: JSONSchemaType<{ helpful: boolean }> = {
  type: 'object',
  properties: { helpful: { type: 'boolean' } },
  required: ['helpful'],
  additionalProperties: false,
};

export const reviewHideSchema: JSONSchemaType<ReviewHide> = {
  type: 'object',
  properties: { version, reason: { type: 'string', minLength: 1, maxLength: 1_000 } },
  required: ['version', 'reason'],
  additionalProperties: false,
};

/** The multipart body of an image upload, for the documentation: the edge checks the parts as it reads them. */
export const reviewImagesBodySchema = imagePartsSchema;

export const validateNewAfterSale = ajv.compile(newAfterSaleSchema);
export const validateAfterSaleTransition = ajv.compile(afterSaleTransitionSchema);
export const validateReplacementShipment = ajv.compile(replacementShipmentSchema);
export const validateSellerCancellation = ajv.compile(sellerCancellationSchema);
export const validateNewReview = ajv.compile(newReviewSchema);
export const validateReviewUpdate = ajv.compile(reviewUpdateSchema);
export const validateReviewVote = ajv.compile(reviewVoteSchema);
export const validateReviewHide = ajv.compile(reviewHideSchema);
