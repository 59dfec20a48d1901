// Runs the cnat controller against a cluster: `npm run example:cnat -- --kubeconfig <path>` (see --help).
import { runControllerCommand } from '../../shared/controller-main.js';
import { CnatController } from './controller.js';
import { Clientset } from './generated/clientset/versioned/index.js';
import { SharedInformerFactory } from './generated/informers/externalversions/index.js';

await runControllerCommand({
  name: 'cnat-controller',
  description:
    'Runs each At command in a busybox Pod at its scheduled time (cnat.programming-kubernetes.info/v1alpha1).',
  // As cnat-client-go: a missed Pod event is noticed within 10 minutes at worst.
  resyncMs: 10 * 60_000,
  build({ config, kubeClient, kubeFactory, namespace, workers, recorder }) {
    const cnatClient = Clientset.fromConfig(config.config);
    const cnatFactory = new SharedInformerFactory(cnatClient, { namespace, defaultResyncMs: 10 * 60_000 });
    const atInformer = cnatFactory.cnat().v1alpha1().ats();
    const podInformer = kubeFactory.core().v1().pods();
    const controller = new CnatController({ cnatClient, kubeClient, atInformer, podInformer, recorder });
    return {
      run: (signal) => controller.run(workers, signal),
      factories: [cnatFactory],
      informers: { ats: atInformer, pods: podInformer },
    };
  },
});
