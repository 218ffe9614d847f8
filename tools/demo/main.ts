/**
 * The README's main job: a short tour of helm-sdk on the bundled demo chart.
 * Until the local test cluster lands (issue #3) it stays cluster-free: engine versions, lint,
 * show, and template with values, each timed.
 */
import { fileURLToPath } from 'node:url';
import { Configuration, engineInfo, InvalidValuesError, SchemaValidationError, template } from '@helm-sdk/actions';
import { lintChart, showChart } from '@helm-sdk/chart';

const chart = fileURLToPath(new URL('./chart', import.meta.url));
const t = (start: number): string => `${(performance.now() - start).toFixed(1)} ms`;

await using cfg = new Configuration({ namespace: 'demo', logger: (e) => e.level !== 'debug' && console.error(`[engine] ${e.message}`) });

let start = performance.now();
const info = await engineInfo(cfg);
console.log(`engine ${info.engine} (Helm ${info.helm}, ${info.go}, protocol ${info.protocol}) started in ${t(start)}`);

start = performance.now();
const lint = await lintChart(cfg, { chart, strict: true });
console.log(`\nlintChart: ok=${lint.ok}, ${lint.messages.length} message(s) in ${t(start)}`);
for (const m of lint.messages) console.log(`  [${m.severity}] ${m.path}: ${m.message}`);

start = performance.now();
const chartYaml = await showChart(cfg, { chart, what: 'chart' });
console.log(`\nshowChart(chart) in ${t(start)}:\n${chartYaml}`);

start = performance.now();
const { manifest, notes } = await template(cfg, {
  chart,
  releaseName: 'demo',
  values: { replicaCount: 3 },
  set: ['greeting=Hello from the demo'],
});
console.log(`template in ${t(start)}: ${manifest.split('\n---').length - 1} documents`);
console.log(manifest);
if (notes) console.log(`NOTES:\n${notes}`);

start = performance.now();
for (let i = 0; i < 20; i++) await template(cfg, { chart, releaseName: `demo-${i}` });
console.log(`20 warm template calls: ${((performance.now() - start) / 20).toFixed(2)} ms each`);

// Bad input gets a typed error naming the input, and the engine keeps serving.
try {
  await template(cfg, { chart, set: ['replicaCount=many'] });
} catch (error) {
  if (SchemaValidationError.isInstance(error) || InvalidValuesError.isInstance(error)) {
    console.log(`\nbad values rejected as ${error.name} (${error.code}): ${error.message.split('\n')[0]}`);
  } else throw error;
}
console.log(`engine still serving: ${(await engineInfo(cfg)).pid === info.pid}`);
