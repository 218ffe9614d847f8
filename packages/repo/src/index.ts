/**
 * @helm-sdk/repo: chart repositories and OCI registries: addRepo, removeRepo, listRepos,
 * updateRepos, indexRepo, searchRepos, searchHub, registryLogin, registryLogout. Each Configuration uses its
 * own repositories.yaml, repository cache and registry config (Configuration options
 * `repositoryConfig`, `repositoryCache`, `registryConfig`).
 *
 * @module @helm-sdk/repo
 */
export * from '@helm-sdk/core';
export type { AddRepoOptions, AddRepoResult } from './add.js';
export { addRepo } from './add.js';
export type { IndexRepoOptions, IndexRepoResult } from './index-repo.js';
export { indexRepo } from './index-repo.js';
export type { ListReposOptions, RepoEntry } from './list.js';
export { listRepos } from './list.js';
export type { RegistryLoginOptions } from './login.js';
export { registryLogin } from './login.js';
export type { RegistryLogoutOptions } from './logout.js';
export { registryLogout } from './logout.js';
export type { RemoveRepoOptions } from './remove.js';
export { removeRepo } from './remove.js';
export type { SearchHit, SearchReposOptions, SearchReposResult } from './search.js';
export { searchRepos } from './search.js';
export type { HubSearchHit, SearchHubOptions, SearchHubResult } from './search-hub.js';
export { searchHub } from './search-hub.js';
export type { RepoUpdateOutcome, UpdateReposOptions, UpdateReposResult } from './update.js';
export { updateRepos } from './update.js';
