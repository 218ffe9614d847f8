/**
 * Turns `helm template` command-line arguments (as written in tools/fixtures/cases.json) into the
 * SDK's `template` options, so one case drives both the CLI and the SDK. Paths stay relative: the
 * tests run the CLI and the engine (Configuration `cwd`) in the repository root.
 */

export interface TemplateCaseOptions {
  releaseName?: string;
  namespace?: string;
  valueFiles?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setFile?: string[];
  setLiteral?: string[];
  showOnly?: string[];
  apiVersions?: string[];
  kubeVersion?: string;
  includeCrds?: boolean;
  skipCrds?: boolean;
  skipTests?: boolean;
  isUpgrade?: boolean;
  noHooks?: boolean;
  skipSchemaValidation?: boolean;
  generateName?: boolean;
  nameTemplate?: string;
  strict?: boolean;
  withSubcharts?: boolean;
  /** `helm lint --quiet`: `lintChart({ quiet })`, only warnings and errors in `messages`. */
  quiet?: boolean;
}

type ListKey = 'valueFiles' | 'set' | 'setString' | 'setJson' | 'setFile' | 'setLiteral' | 'showOnly' | 'apiVersions';
type BoolKey =
  | 'includeCrds'
  | 'skipCrds'
  | 'skipTests'
  | 'isUpgrade'
  | 'noHooks'
  | 'skipSchemaValidation'
  | 'generateName'
  | 'strict'
  | 'withSubcharts'
  | 'quiet';
type StringKey = 'namespace' | 'kubeVersion' | 'nameTemplate';

const listFlags: Record<string, ListKey> = {
  '-f': 'valueFiles',
  '--values': 'valueFiles',
  '--set': 'set',
  '--set-string': 'setString',
  '--set-json': 'setJson',
  '--set-file': 'setFile',
  '--set-literal': 'setLiteral',
  '-s': 'showOnly',
  '--show-only': 'showOnly',
  '-a': 'apiVersions',
  '--api-versions': 'apiVersions',
};
const boolFlags: Record<string, BoolKey> = {
  '--include-crds': 'includeCrds',
  '--skip-crds': 'skipCrds',
  '--skip-tests': 'skipTests',
  '--is-upgrade': 'isUpgrade',
  '--no-hooks': 'noHooks',
  '--skip-schema-validation': 'skipSchemaValidation',
  '-g': 'generateName',
  '--generate-name': 'generateName',
  '--strict': 'strict',
  '--with-subcharts': 'withSubcharts',
  '--quiet': 'quiet',
};
const stringFlags: Record<string, StringKey> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--kube-version': 'kubeVersion',
  '--name-template': 'nameTemplate',
};

/** Parses CLI args; positional arguments become the release name. Unknown flags throw. */
export function templateArgsToOptions(args: readonly string[]): TemplateCaseOptions {
  const out: TemplateCaseOptions = {};
  for (let i = 0; i < args.length; i++) {
    let flag = args[i] as string;
    let value: string | undefined;
    const eq = flag.startsWith('--') ? flag.indexOf('=') : -1;
    if (eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const take = (): string => {
      if (value !== undefined) return value;
      const next = args[++i];
      if (next === undefined) throw new Error(`flag ${flag} needs a value`);
      return next;
    };
    if (!flag.startsWith('-')) {
      out.releaseName = flag;
    } else if (flag in boolFlags) {
      out[boolFlags[flag] as BoolKey] = value === undefined ? true : value === 'true';
    } else if (flag in stringFlags) {
      out[stringFlags[flag] as StringKey] = take();
    } else if (flag in listFlags) {
      const key = listFlags[flag] as ListKey;
      const v = take();
      const list = out[key] ?? [];
      // -a/--api-versions is a string slice in the CLI (comma-separated); the others are arrays.
      if (key === 'apiVersions') list.push(...v.split(','));
      else list.push(v);
      out[key] = list;
    } else {
      throw new Error(`unsupported flag in interop case: ${flag}`);
    }
  }
  return out;
}
