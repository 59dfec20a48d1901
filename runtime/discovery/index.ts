// Public exports of discovery: the client, the documents it returns, and aggregated discovery conversion.
export * from './aggregated-discovery.js';
export * from './discovery-client.js';
export * from './discovery-types.js';
