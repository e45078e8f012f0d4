// Documentation of the administration routes (edge/admin/admin-routes.ts).
import { itemSchema, sellerSchema } from '../catalog/catalog-api.js';
import { summarySchema } from '../orders/orders-api.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { pageQueryDoc, pageSchema } from '../http/paging.js';
import { itemReviewSchema, newPolicyVersionSchema, orderReleaseSchema, sellerApprovalSchema, userRolesSchema } from './admin-schemas.js';

const auth = 'admin role';
const signedIn: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];
const body: RouteDoc['errors'] = ['PAYLOAD_TOO_LARGE', 'MALFORMED_JSON', 'INVALID_INPUT'];
const dateTime = { type: 'string', format: 'date-time' } as const;
const sagaStep = { enum: ['CANCEL_PAYMENT', 'RELEASE_STOCK'] } as const;

const parkedOrderSchema: JsonSchema = {
  ...summarySchema,
  properties: {
    ...(summarySchema.properties as object),
    userId: { type: 'integer' },
    parkedAt: dateTime,
    parkedStep: { ...sagaStep, description: 'the compensation that kept failing: where a retry resumes' },
    compensateTo: { type: ['string', 'null'], description: 'what the order becomes once compensated' },
    error: { type: 'string', description: 'the last failure' },
  },
  required: [...(summarySchema.required as string[]), 'userId', 'parkedAt', 'parkedStep', 'compensateTo'],
};

const auditSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, actorId: { type: ['integer', 'null'], description: 'null: the admin:create script' },
    action: { type: 'string' }, target: { type: 'string', description: '`seller:<id>`, `item:<id>`, `order:<id>`, `user:<id>`, `policy:<kind>`' },
    reason: { type: ['string', 'null'] }, detail: { type: 'object', additionalProperties: true, description: 'what the action changed' }, at: dateTime,
  },
  required: ['id', 'actorId', 'action', 'target', 'reason', 'detail', 'at'],
};

export const adminApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/admin/sellers/{id}/approval', operationId: 'decideSellerApproval', tag: 'admin', auth,
    summary: 'Approve (or reject) a seller: only an approved seller\'s items can go on sale (SALES; else 409 SELLER_NOT_APPROVED). Audited',
    body: sellerApprovalSchema, responses: { 200: { description: 'the seller', schema: sellerSchema } }, errors: [...signedIn, ...body, 'NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/admin/items/{id}/review', operationId: 'reviewItem', tag: 'admin', auth,
    summary: 'Pass an item in REVIEW on to PREPARATION (approved) or send it back to DEVELOPMENT, with the version read. Audited',
    body: itemReviewSchema, responses: { 200: { description: 'the item', schema: itemSchema } },
    errors: [...signedIn, ...body, 'NOT_FOUND', 'ITEM_NOT_IN_REVIEW', 'LOCKED', 'VERSION_CONFLICT'],
  },
  {
    method: 'get', path: '/api/v1/admin/orders/parked', operationId: 'listParkedOrders', tag: 'admin', auth,
    summary: 'Orders whose compensation kept failing (ORDER_COMPENSATION_MAX_ATTEMPTS) and that need a person, oldest first; `next` is the cursor of the following page',
    query: pageQueryDoc(),
    responses: { 200: { description: 'one page', schema: pageSchema(parkedOrderSchema) } },
    errors: [...signedIn, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'post', path: '/api/v1/admin/orders/{id}/release', operationId: 'releaseParkedOrder', tag: 'admin', auth,
    summary: 'Release a parked order once: `retry` resumes the compensation where it parked; `cancel` (the payment was settled by hand at the gateway) records the payment cancelled and releases the stock. The saga finishes it (pushed as usual). Concurrent releases: one wins, the others 409 ORDER_NOT_PARKED. Audited',
    body: orderReleaseSchema,
    responses: {
      202: {
        description: 'released: the saga runs it now',
        schema: {
          type: 'object',
          properties: { orderId: { type: 'string', format: 'uuid' }, userId: { type: 'integer' }, action: { enum: ['retry', 'cancel'] }, status: { type: 'string' }, step: sagaStep },
          required: ['orderId', 'userId', 'action', 'status', 'step'],
        },
      },
    },
    errors: [...signedIn, ...body, 'NOT_FOUND', 'ORDER_NOT_PARKED'],
  },
  {
    method: 'put', path: '/api/v1/admin/users/{id}/roles', operationId: 'setUserRoles', tag: 'admin', auth,
    summary: 'Replace a user\'s roles (buyer or seller, and/or admin). They reach the user\'s tokens at its next refresh or login; an access token already issued keeps its roles until it expires. An admin cannot drop its own admin role, nor demote the last admin. Audited',
    body: userRolesSchema,
    responses: { 200: { description: 'the roles now', schema: { type: 'object', properties: { userId: { type: 'integer' }, roles: { type: 'array', items: { type: 'string' } } }, required: ['userId', 'roles'] } } },
    errors: [...signedIn, ...body, 'NOT_FOUND', 'ROLE_CONFLICT', 'SELF_DEMOTION', 'LAST_ADMIN'],
  },
  {
    method: 'post', path: '/api/v1/admin/policies', operationId: 'publishPolicy', tag: 'admin', auth,
    summary: 'Publish a new version of a policy (its latest + 1; title and requiredFor kept unless a title is given). Users who must accept it see it in `policiesToAccept` at their next login. Audited',
    body: newPolicyVersionSchema,
    responses: {
      201: {
        description: 'the published version',
        schema: {
          type: 'object',
          properties: {
            kind: { type: 'string' }, version: { type: 'integer' }, title: { type: 'string' }, body: { type: 'string' },
            requiredFor: { type: 'array', items: { type: 'string' } }, publishedAt: dateTime,
          },
          required: ['kind', 'version', 'title', 'body', 'requiredFor', 'publishedAt'],
        },
      },
    },
    errors: [...signedIn, ...body, 'POLICY_PUBLISH_CONFLICT'],
  },
  {
    method: 'get', path: '/api/v1/admin/audit', operationId: 'listAdminAudit', tag: 'admin', auth,
    summary: 'The administration audit, newest first; `target` narrows to one entity (e.g. `order:<id>`)',
    query: [...pageQueryDoc('before'), { name: 'target', schema: { type: 'string', maxLength: 200 } }],
    responses: { 200: { description: 'one page', schema: pageSchema(auditSchema) } }, errors: [...signedIn, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
];
