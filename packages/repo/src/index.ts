/**
 * @helm-sdk/repo: chart repositories and OCI registries. The functions (addRepo, removeRepo,
 * listRepos, updateRepos, indexRepo, searchRepos, registryLogin, registryLogout) arrive with
 * issue #5; this package currently re-exports the Configuration so it already resolves.
 */
export * from '@helm-sdk/core';
