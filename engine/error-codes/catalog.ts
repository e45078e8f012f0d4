// Error codes of the catalog domain, with their HTTP status.
export const catalogErrorStatus = {} as const;
