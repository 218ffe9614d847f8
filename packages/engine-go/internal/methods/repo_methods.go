package methods

// The repo add/remove/list/update/index, search, registry login/logout methods, one file each; this list is the only place they are registered.

func repoMethods() []*Method {
	return []*Method{
		repoAdd, repoRemove, repoList, repoUpdate, repoIndex, repoSearch, repoSearchHub,
		registryLogin, registryLogout,
	}
}
