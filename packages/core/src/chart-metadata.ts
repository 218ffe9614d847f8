/**
 * Chart.yaml as the SDK returns it: in a release (`Release.chart`, @helm-sdk/actions) and in a
 * loaded chart (`loadChart`, @helm-sdk/chart). Written once here because feature packages do not
 * import each other; test/chart-metadata.types.test.ts pins the keys to the generated wire types.
 */

/** Chart.yaml's fields (without templates, files or values). */
export interface ChartMetadata {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly description?: string;
  readonly apiVersion?: string;
  readonly type?: string;
  readonly kubeVersion?: string;
  readonly home?: string;
  readonly icon?: string;
  readonly keywords?: readonly string[];
  readonly sources?: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
  readonly deprecated?: boolean;
}

/** One `maintainers:` entry of Chart.yaml. */
export interface ChartMaintainer {
  readonly name: string;
  readonly email?: string;
  readonly url?: string;
}

/** One `dependencies:` entry of Chart.yaml. */
export interface ChartDependency {
  readonly name: string;
  readonly version?: string;
  readonly repository: string;
  readonly condition?: string;
  readonly tags?: readonly string[];
  readonly alias?: string;
}
