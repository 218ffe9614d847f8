// Placeholder until protogen writes this file.
export const PROTOCOL_VERSION = '1.0';
export type ErrorCode = 'RELEASE_NOT_FOUND' | 'RELEASE_EXISTS' | 'OPERATION_IN_PROGRESS' | 'CHART_NOT_FOUND' | 'INVALID_CHART' | 'INVALID_VALUES' | 'SCHEMA_VALIDATION' | 'RENDER' | 'KUBE_UNREACHABLE' | 'TIMEOUT' | 'CANCELLED' | 'REGISTRY_AUTH' | 'INVALID_ARGUMENT' | 'METHOD_NOT_FOUND' | 'PROTOCOL' | 'INTERNAL';
export interface EngineMethods {
  'engine.info': { params: Record<string, never>; result: Record<string, unknown> };
  'engine.configure': { params: ConfigureParams; result: unknown };
  'chart.template': { params: Record<string, unknown>; result: unknown };
  'chart.lint': { params: Record<string, unknown>; result: unknown };
  'chart.show': { params: Record<string, unknown>; result: unknown };
  'engine.ping': { params: { payload?: unknown }; result: { payload?: unknown } };
}
export type ConfigureParams = Record<string, unknown>;
