// Request schemas of the administration routes (ajv, compiled once; unknown fields rejected).
import { Ajv, type JSONSchemaType } from 'ajv';
import { policyKinds, type PolicyKind } from '../../engine/auth/auth-wire.js';
import { assignableRoles, type AssignableRole } from '../../engine/auth/role-assignment.js';
import type { ReleaseAction } from '../../engine/orders/parked-orders.js';

const ajv = new Ajv({ allErrors: false, strict: true });

const reason = { type: 'string', minLength: 1, maxLength: 1_000 } as const;
const optionalReason = { ...reason, nullable: true } as const;

export const sellerApprovalSchema: JSONSchemaType<{ approved: boolean; reason: string }> = {
  type: 'object',
  properties: { approved: { type: 'boolean' }, reason },
  required: ['approved', 'reason'],
  additionalProperties: false,
};

export const itemReviewSchema: JSONSchemaType<{ approved: boolean; reason: string; version: number }> = {
  type: 'object',
  properties: { approved: { type: 'boolean' }, reason, version: { type: 'integer', minimum: 0, maximum: 2_147_483_647 } },
  required: ['approved', 'reason', 'version'],
  additionalProperties: false,
};

export const orderReleaseSchema: JSONSchemaType<{ action: ReleaseAction; reason: string }> = {
  type: 'object',
  properties: { action: { type: 'string', enum: ['retry', 'cancel'] }, reason },
  required: ['action', 'reason'],
  additionalProperties: false,
};

export const userRolesSchema: JSONSchemaType<{ roles: AssignableRole[]; reason?: string }> = {
  type: 'object',
  properties: {
    roles: { type: 'array', minItems: 1, maxItems: assignableRoles.length, uniqueItems: true, items: { type: 'string', enum: [...assignableRoles] } },
    reason: optionalReason,
  },
  required: ['roles'],
  additionalProperties: false,
};

export const newPolicyVersionSchema: JSONSchemaType<{ kind: PolicyKind; body: string; title?: string; reason?: string }> = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: [...policyKinds] },
    body: { type: 'string', minLength: 1, maxLength: 60_000 },
    title: { type: 'string', minLength: 1, maxLength: 200, nullable: true },
    reason: optionalReason,
  },
  required: ['kind', 'body'],
  additionalProperties: false,
};

export const validateSellerApproval = ajv.compile(sellerApprovalSchema);
export const validateItemReview = ajv.compile(itemReviewSchema);
export const validateOrderRelease = ajv.compile(orderReleaseSchema);
export const validateUserRoles = ajv.compile(userRolesSchema);
export const validateNewPolicyVersion = ajv.compile(newPolicyVersionSchema);
