// Public exports of the metadata layer: a client and informers that read only objects' metadata.
export * from './metadata-client.js';
export * from './metadata-informer-factory.js';
export * from './partial-object-metadata.js';
