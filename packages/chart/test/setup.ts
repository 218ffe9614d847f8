/**
 * The chart suites share tools/test-utils' suite set-up (test environment, private Helm homes,
 * the emitted-text recorder for the secrets check).
 */
export * from '@helm-sdk/test-utils/suite';
