// Error codes of the after-sale domain, with their HTTP status.
export const afterSaleErrorStatus = {} as const;
