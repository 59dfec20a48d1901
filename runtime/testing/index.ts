// Public exports for tests: a fake clock, and envtest (a real kube-apiserver + etcd on loopback).
export * from './control-plane-flags.js';
export * from './crd-install.js';
export * from './envtest.js';
export * from './envtest-binaries.js';
export * from './envtest-certificates.js';
export * from './envtest-error.js';
export * from './envtest-kubeconfig.js';
export * from './etcd-compaction.js';
export * from './fake-clock.js';
export * from './free-port.js';
export * from './supervised-process.js';
