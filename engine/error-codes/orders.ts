// Error codes of the orders domain, with their HTTP status.
export const ordersErrorStatus = {} as const;
