// Request schemas of the catalog routes (ajv, compiled once; unknown fields rejected everywhere).
import { Ajv, type JSONSchemaType } from 'ajv';
import type { CategoryUpdate, DeliveryProfile, ItemNotice, ItemUpdate, Lifecycle, NewCategory, NewItem, NewSeller, SkuUpdate } from '../../engine/catalog/catalog-types.js';
import { lifecycleStates } from '../../engine/catalog/lifecycle.js';
import { slotLabelSchema } from '../http/schemas.js';

const ajv = new Ajv({ allErrors: false, strict: true });

/** Public listings reach the first 10,000 items: a deeper OFFSET would make one anonymous, uncached read sort that many rows. */
export const MAX_LISTING_REACH = 10_000;

const MAX_MONEY = 1_000_000_000_000;
const MAX_STOCK = 10_000_000;
const MAX_SLOTS = 1_000;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const text = { type: 'string', maxLength: 5_000 } as const;
const money = { type: 'integer', minimum: 0, maximum: MAX_MONEY } as const;
const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const version = { type: 'integer', minimum: 0, maximum: 2_147_483_647 } as const;
/** the slots a RESERVABLE SKU offers (holds are taken per slot up to its stock) */
const slots = { type: 'array', nullable: true, maxItems: MAX_SLOTS, uniqueItems: true, items: slotLabelSchema } as const;

const noticeText = { type: 'string', nullable: true, maxLength: 500 } as const;
const noticeSchema: JSONSchemaType<ItemNotice> = {
  type: 'object',
  properties: {
    material: noticeText, origin: noticeText, maker: noticeText, color: noticeText, size: noticeText,
    warning: noticeText, qualityAssurance: noticeText, asInfo: noticeText,
  },
  required: [],
  additionalProperties: false,
};
/** the seed's item detail fields (maxPerBuyer 0: no cap) */
const detailProperties = {
  maxPerBuyer: { type: 'integer', nullable: true, minimum: 0, maximum: MAX_STOCK },
  minorsAllowed: { type: 'boolean', nullable: true },
  taxType: { type: 'string', nullable: true, enum: ['TAXABLE', 'TAX_FREE', 'ZERO_RATED'] },
  notice: { ...noticeSchema, nullable: true },
} as const;

const deliveryProfileSchema: JSONSchemaType<DeliveryProfile> = {
  type: 'object',
  properties: {
    shippingOrigin: name,
    courier: name,
    method: name,
    fee: money,
    days: { type: 'integer', minimum: 0, maximum: 365 },
    remoteArea: { type: 'boolean' },
  },
  required: ['shippingOrigin', 'courier', 'method', 'fee', 'days', 'remoteArea'],
  additionalProperties: false,
};

export const newSellerSchema: JSONSchemaType<NewSeller> = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['INTERNAL', 'EXTERNAL'], nullable: true },
    name,
    returnAddress: { type: 'string', minLength: 1, maxLength: 500 },
    returnFee: money,
    exchangeFee: money,
    deliveryProfiles: { type: 'array', items: deliveryProfileSchema, maxItems: 20 },
  },
  required: ['name', 'returnAddress', 'returnFee', 'exchangeFee', 'deliveryProfiles'],
  additionalProperties: false,
};

export const memberSchema: JSONSchemaType<{ userId: number }> = {
  type: 'object',
  properties: { userId: id },
  required: ['userId'],
  additionalProperties: false,
};

export const newCategorySchema: JSONSchemaType<NewCategory> = {
  type: 'object',
  properties: { name, parentId: { ...id, nullable: true } },
  required: ['name'],
  additionalProperties: false,
};

export const categoryUpdateSchema: JSONSchemaType<CategoryUpdate> = {
  type: 'object',
  properties: { name, version },
  required: ['name', 'version'],
  additionalProperties: false,
};

export const newItemSchema: JSONSchemaType<NewItem> = {
  type: 'object',
  properties: {
    sellerId: id,
    categoryId: id,
    name,
    description: { ...text, nullable: true },
    productType: { type: 'string', enum: ['REALTIME', 'RESERVABLE'] },
    basePrice: money,
    ...detailProperties,
    optionGroups: {
      type: 'array',
      nullable: true,
      maxItems: 5,
      items: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, maxLength: 50 }, values: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 50 } } },
        required: ['name', 'values'],
        additionalProperties: false,
      },
    },
    skus: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        properties: {
          options: { type: 'array', nullable: true, maxItems: 5, items: { type: 'string', minLength: 1, maxLength: 50 } },
          priceDelta: { type: 'integer', nullable: true, minimum: -MAX_MONEY, maximum: MAX_MONEY },
          stock: { type: 'integer', minimum: 0, maximum: MAX_STOCK },
          slots,
        },
        required: ['stock'],
        additionalProperties: false,
      },
    },
  },
  required: ['sellerId', 'categoryId', 'name', 'productType', 'basePrice', 'skus'],
  additionalProperties: false,
};

export const itemUpdateSchema: JSONSchemaType<ItemUpdate> = {
  type: 'object',
  properties: {
    version,
    name: { ...name, nullable: true },
    description: { ...text, nullable: true },
    basePrice: { ...money, nullable: true },
    categoryId: { ...id, nullable: true },
    ...detailProperties,
  },
  required: ['version'],
  additionalProperties: false,
};

export const skuUpdateSchema: JSONSchemaType<SkuUpdate> = {
  type: 'object',
  properties: {
    version,
    priceDelta: { type: 'integer', nullable: true, minimum: -MAX_MONEY, maximum: MAX_MONEY },
    stock: { type: 'integer', nullable: true, minimum: 0, maximum: MAX_STOCK },
    slots,
  },
  required: ['version'],
  additionalProperties: false,
};

export const transitionSchema: JSONSchemaType<{ to: Lifecycle; version: number }> = {
  type: 'object',
  properties: { to: { type: 'string', enum: [...lifecycleStates] }, version },
  required: ['to', 'version'],
  additionalProperties: false,
};

export const validateNewSeller = ajv.compile(newSellerSchema);
export const validateMember = ajv.compile(memberSchema);
export const validateNewCategory = ajv.compile(newCategorySchema);
export const validateCategoryUpdate = ajv.compile(categoryUpdateSchema);
export const validateNewItem = ajv.compile(newItemSchema);
export const validateItemUpdate = ajv.compile(itemUpdateSchema);
export const validateSkuUpdate = ajv.compile(skuUpdateSchema);
export const validateTransition = ajv.compile(transitionSchema);
