// A deterministic, realistically shaped Pod (~6.5 KB of JSON, ~40% managedFields) for benchmark workloads.

/** The namespace of benchmark Pods unless their options name another. */
export const benchNamespace = 'bench';

/** Options of {@link benchPod}. */
export interface BenchPodOptions {
  /** @default 'bench' */
  namespace?: string;
  /** @default '1' */
  resourceVersion?: string;
  /** Bumped on updates so an update changes a label and the status. @default 0 */
  generation?: number;
}

// Small deterministic hash so every pod differs (names, IPs, hashes) without Math.random.
function mix(i: number, salt: number): number {
  let x = (i + 1) * 2654435761 + salt * 40503;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hex(n: number, len: number): string {
  return n.toString(16).padStart(len, '0').slice(0, len);
}

function uid(i: number, salt: number): string {
  return `${hex(mix(i, salt), 8)}-${hex(mix(i, salt + 1), 4)}-4${hex(mix(i, salt + 2), 3)}-a${hex(mix(i, salt + 3), 3)}-${hex(mix(i, salt + 4), 8)}${hex(mix(i, salt + 5), 4)}`;
}

const ts = '2026-03-14T09:26:53Z';

function containerFields(name: string): Record<string, unknown> {
  return {
    [`k:{"name":"${name}"}`]: {
      '.': {},
      'f:env': {
        '.': {},
        'k:{"name":"LOG_LEVEL"}': { '.': {}, 'f:name': {}, 'f:value': {} },
        'k:{"name":"POD_NAME"}': { '.': {}, 'f:name': {}, 'f:valueFrom': { '.': {}, 'f:fieldRef': {} } },
        'k:{"name":"POD_NAMESPACE"}': { '.': {}, 'f:name': {}, 'f:valueFrom': { '.': {}, 'f:fieldRef': {} } },
      },
      'f:image': {},
      'f:imagePullPolicy': {},
      'f:name': {},
      'f:ports': {
        '.': {},
        'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:name': {}, 'f:protocol': {} },
      },
      'f:readinessProbe': { '.': {}, 'f:httpGet': { '.': {}, 'f:path': {}, 'f:port': {}, 'f:scheme': {} } },
      'f:resources': { '.': {}, 'f:limits': { '.': {}, 'f:memory': {} }, 'f:requests': { '.': {}, 'f:cpu': {} } },
      'f:terminationMessagePath': {},
      'f:terminationMessagePolicy': {},
      'f:volumeMounts': { '.': {}, 'k:{"mountPath":"/etc/config"}': { '.': {}, 'f:mountPath': {}, 'f:name': {} } },
    },
  };
}

function container(name: string, i: number, generation: number): Record<string, unknown> {
  return {
    name,
    image: `registry.example.com/team-${i % 23}/${name}:v1.${(i + generation) % 40}.${i % 7}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    ],
    resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/config' },
      {
        name: `kube-api-access-${hex(mix(i, 9), 5)}`,
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
    ],
    readinessProbe: {
      httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function containerStatus(name: string, i: number, image: string): Record<string, unknown> {
  return {
    name,
    state: { running: { startedAt: ts } },
    lastState: {},
    ready: true,
    restartCount: i % 3,
    image,
    imageID: `registry.example.com/${name}@sha256:${hex(mix(i, 11), 8)}${hex(mix(i, 12), 8)}${hex(mix(i, 13), 8)}${hex(mix(i, 14), 8)}`,
    containerID: `containerd://${hex(mix(i, 15), 8)}${hex(mix(i, 16), 8)}${hex(mix(i, 17), 8)}${hex(mix(i, 18), 8)}`,
    started: true,
  };
}

/** Pod number `i`; the same inputs always give the same object. */
export function benchPod(i: number, options: BenchPodOptions = {}): Record<string, unknown> {
  const namespace = options.namespace ?? benchNamespace;
  const generation = options.generation ?? 0;
  const app = `app-${i % 97}`;
  const rs = `${app}-${hex(mix(i % 97, 3), 10)}`;
  // The index keeps names unique at any count; the hash makes them look like generated suffixes.
  const name = `${rs}-${hex(mix(i, 4), 3)}${i.toString(36).padStart(4, '0')}`;
  const containers = [container('main', i, generation), container('sidecar', i, generation)];
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs}-`,
      namespace,
      uid: uid(i, 1),
      resourceVersion: options.resourceVersion ?? '1',
      creationTimestamp: ts,
      labels: {
        app,
        'pod-template-hash': hex(mix(i % 97, 3), 10),
        tier: i % 2 === 0 ? 'web' : 'worker',
        rev: String(generation),
      },
      annotations: { 'kubectl.kubernetes.io/restartedAt': ts, 'example.com/owner': `team-${i % 23}` },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs,
          uid: uid(i % 97, 2),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: ts,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': {
              'f:annotations': { '.': {}, 'f:example.com/owner': {}, 'f:kubectl.kubernetes.io/restartedAt': {} },
              'f:generateName': {},
              'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {}, 'f:rev': {}, 'f:tier': {} },
              'f:ownerReferences': { '.': {}, [`k:{"uid":"${uid(i % 97, 2)}"}`]: {} },
            },
            'f:spec': {
              'f:containers': { ...containerFields('main'), ...containerFields('sidecar') },
              'f:dnsPolicy': {},
              'f:enableServiceLinks': {},
              'f:restartPolicy': {},
              'f:schedulerName': {},
              'f:securityContext': {},
              'f:terminationGracePeriodSeconds': {},
              'f:volumes': {
                '.': {},
                'k:{"name":"config"}': { '.': {}, 'f:configMap': { '.': {}, 'f:name': {} }, 'f:name': {} },
              },
            },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: ts,
          fieldsType: 'FieldsV1',
          subresource: 'status',
          fieldsV1: {
            'f:status': {
              'f:conditions': {
                'k:{"type":"ContainersReady"}': {
                  '.': {},
                  'f:lastProbeTime': {},
                  'f:lastTransitionTime': {},
                  'f:status': {},
                  'f:type': {},
                },
                'k:{"type":"Initialized"}': {
                  '.': {},
                  'f:lastProbeTime': {},
                  'f:lastTransitionTime': {},
                  'f:status': {},
                  'f:type': {},
                },
                'k:{"type":"Ready"}': {
                  '.': {},
                  'f:lastProbeTime': {},
                  'f:lastTransitionTime': {},
                  'f:status': {},
                  'f:type': {},
                },
              },
              'f:containerStatuses': {},
              'f:hostIP': {},
              'f:phase': {},
              'f:podIP': {},
              'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } },
              'f:startTime': {},
            },
          },
        },
      ],
    },
    spec: {
      volumes: [
        { name: 'config', configMap: { name: `${app}-config`, defaultMode: 420 } },
        {
          name: `kube-api-access-${hex(mix(i, 9), 5)}`,
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            ],
            defaultMode: 420,
          },
        },
      ],
      containers,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      nodeName: `node-${i % 500}`,
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: ts,
      })),
      hostIP: `192.168.${(i >> 8) % 2}.${i % 250}`,
      podIP: ip,
      podIPs: [{ ip }],
      startTime: ts,
      containerStatuses: containers.map((c) => containerStatus(c.name as string, i, c.image as string)),
      qosClass: 'Burstable',
    },
  };
}
