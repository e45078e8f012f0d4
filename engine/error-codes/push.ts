// Error codes of the push domain, with their HTTP status.
export const pushErrorStatus = {} as const;
