// Error codes of the auth domain, with their HTTP status.
export const authErrorStatus = {} as const;
