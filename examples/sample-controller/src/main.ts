// Runs the sample-controller against a cluster: `npm run example:sample-controller -- --kubeconfig <path>`.
import { runControllerCommand } from '../../shared/controller-main.js';
import { SampleController } from './controller.js';
import { Clientset } from './generated/clientset/versioned/index.js';
import { SharedInformerFactory } from './generated/informers/externalversions/index.js';

await runControllerCommand({
  name: 'sample-controller',
  description: 'Keeps a Deployment for each Foo (samplecontroller.k8s.io/v1alpha1) and reports its available replicas.',
  // As kubernetes/sample-controller.
  resyncMs: 30_000,
  build({ config, kubeClient, kubeFactory, namespace, workers, recorder }) {
    const sampleClient = Clientset.fromConfig(config.config);
    const sampleFactory = new SharedInformerFactory(sampleClient, { namespace, defaultResyncMs: 30_000 });
    const fooInformer = sampleFactory.samplecontroller().v1alpha1().foos();
    const deploymentInformer = kubeFactory.apps().v1().deployments();
    const controller = new SampleController({ sampleClient, kubeClient, fooInformer, deploymentInformer, recorder });
    return {
      run: (signal) => controller.run(workers, signal),
      factories: [sampleFactory],
      informers: { foos: fooInformer, deployments: deploymentInformer },
    };
  },
});
