// @gopang/client: the typed REST client and the /ws push client of the Gopang engine.
export * from './rest-client.js';
export * from './push-client.js';
