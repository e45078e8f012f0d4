// Error codes of moderation and administration (engine/admin, and the rules it enforces in catalog,
// orders and auth), with their HTTP status.
export const adminErrorStatus = {
  /** the item's seller is not approved by an admin: its items cannot go on sale */
  SELLER_NOT_APPROVED: 409,
  /** REVIEW -> PREPARATION is an admin's decision (POST /api/v1/admin/items/:id/review) */
  REVIEW_REQUIRES_ADMIN: 403,
  /** the item is not in REVIEW */
  ITEM_NOT_IN_REVIEW: 409,
  /** only a PARKED order can be released (someone else released it first, or it never parked) */
  ORDER_NOT_PARKED: 409,
  /** an admin cannot take its own admin role away */
  SELF_DEMOTION: 409,
  /** the change would leave no admin */
  LAST_ADMIN: 409,
  /** a user may hold the buyer or the seller role, not both */
  ROLE_CONFLICT: 409,
  /** only the latest version of a policy can be accepted */
  POLICY_NOT_CURRENT: 409,
  /** another admin published a version of this policy at the same moment: publish again */
  POLICY_PUBLISH_CONFLICT: 409,
} as const;
