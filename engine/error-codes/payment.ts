// Error codes of the payment domain, with their HTTP status.
export const paymentErrorStatus = {} as const;
