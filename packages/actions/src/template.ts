/**
 * `template`: render a chart locally, as `helm template` does (engine method `chart.template`,
 * Go `internal/methods/chart_template.go`). No cluster is contacted unless `dryRun: 'server'` (or
 * `validate`) asks to render against it.
 */
import {
  type CallOptions,
  type ChartSourceOptions,
  type Configuration,
  callSpec,
  chartSourceSpec,
  checkOptions,
  InvalidArgumentError,
  type OptionSpec,
  requireOption,
  toWireParams,
  type ValuesOptions,
  valuesSpec,
} from '@helm-sdk/core';

export interface TemplateOptions extends ChartSourceOptions, ValuesOptions, CallOptions {
  /** Release name (`helm template NAME`). Defaults to `release-name`, like the CLI. */
  readonly releaseName?: string;
  /** `--generate-name`: generate a release name. Default `false`. */
  readonly generateName?: boolean;
  /** `--name-template`: template for the generated release name. */
  readonly nameTemplate?: string;
  /** `--namespace`: the release namespace. Defaults to the Configuration's namespace, then `default`. */
  readonly namespace?: string;
  /** `--show-only`: render only these templates (paths as in `# Source:`, globs allowed). */
  readonly showOnly?: readonly string[];
  /** `--include-crds`: include the chart's `crds/` in the manifest. Default `false`. */
  readonly includeCrds?: boolean;
  /** `--skip-crds`: leave CRDs out even when `includeCrds` is set. Default `false`. */
  readonly skipCrds?: boolean;
  /** `--skip-tests`: leave test hooks out of the manifest. Default `false`. */
  readonly skipTests?: boolean;
  /** `--is-upgrade`: set `.Release.IsUpgrade` instead of `.Release.IsInstall`. Default `false`. */
  readonly isUpgrade?: boolean;
  /** `--kube-version`: Kubernetes version for `.Capabilities.KubeVersion`. */
  readonly kubeVersion?: string;
  /** `-a/--api-versions`: extra API versions for `.Capabilities.APIVersions`. */
  readonly apiVersions?: readonly string[];
  /** `--no-hooks`: leave hooks out of the manifest. Default `false`. */
  readonly noHooks?: boolean;
  /** `--skip-schema-validation`: do not validate values against values.schema.json. Default `false`. */
  readonly skipSchemaValidation?: boolean;
  /** `--dependency-update`: update missing dependencies before rendering. Default `false`. */
  readonly dependencyUpdate?: boolean;
  /** `--enable-dns`: let templates resolve host names (`getHostByName`); off, it returns `""`. Default `false`. */
  readonly enableDns?: boolean;
  /**
   * `--dry-run`: `client` renders without a cluster (fake capabilities, `lookup` returns
   * nothing); `server` renders against the Configuration's cluster as `helm template
   * --dry-run=server` does: `lookup` reads live objects, `.Capabilities` are the cluster's, and
   * the manifests are built against its API (an unknown kind is an `InvalidChartError`), and
   * must not collide with objects Helm does not own (`ResourceConflictError`). Default `client`.
   */
  readonly dryRun?: 'client' | 'server';
  /** `--validate` (deprecated in the CLI for `--dry-run=server`): the same as `dryRun: 'server'`; exclusive with `dryRun`. Default `false`. */
  readonly validate?: boolean;
  /**
   * `--output-dir`: write each rendered template to `<outputDir>/<chart>/templates/<file>`
   * (relative paths resolve against the Configuration's `cwd`), exactly as the CLI writes
   * them, instead of returning it in `manifest` (which then holds only a newline, the CLI's
   * stdout without its `wrote <file>` lines). Hooks are appended to files that already exist.
   */
  readonly outputDir?: string;
  /** `--release-name`: with `outputDir`, write under `<outputDir>/<releaseName>/`. Default `false`. */
  readonly useReleaseName?: boolean;
}

export interface TemplateResult {
  /** The rendered manifest, byte-identical to `helm template`'s standard output. */
  readonly manifest: string;
  /** The rendered NOTES.txt, when the chart has one. */
  readonly notes?: string;
}

const spec: OptionSpec<TemplateOptions> = {
  ...chartSourceSpec,
  ...valuesSpec,
  ...callSpec,
  releaseName: 'string',
  generateName: 'boolean',
  nameTemplate: 'string',
  namespace: 'string',
  showOnly: 'string[]',
  includeCrds: 'boolean',
  skipCrds: 'boolean',
  skipTests: 'boolean',
  isUpgrade: 'boolean',
  kubeVersion: 'string',
  apiVersions: 'string[]',
  noHooks: 'boolean',
  skipSchemaValidation: 'boolean',
  dependencyUpdate: 'boolean',
  enableDns: 'boolean',
  dryRun: ['client', 'server'],
  validate: 'boolean',
  outputDir: 'string',
  useReleaseName: 'boolean',
};

/** Renders a chart's manifests locally, like `helm template`. */
export async function template(cfg: Configuration, options: TemplateOptions): Promise<TemplateResult> {
  checkOptions('template', options, spec);
  requireOption('template', options, 'chart');
  if (options.validate && options.dryRun !== undefined) {
    throw new InvalidArgumentError("template: options 'validate' and 'dryRun' are exclusive (validate means dryRun 'server')", 'template', {
      input: 'validate',
    });
  }
  if (options.useReleaseName && options.outputDir === undefined) {
    throw new InvalidArgumentError("template: option 'useReleaseName' needs 'outputDir'", 'template', { input: 'useReleaseName' });
  }
  const result = await cfg.call('chart.template', toWireParams(options), {
    action: 'template',
    signal: options.signal,
    timeout: options.timeout,
    retryOnCrash: true,
  });
  const { manifest, notes } = result as { manifest: string; notes?: string };
  return notes ? { manifest, notes } : { manifest };
}
