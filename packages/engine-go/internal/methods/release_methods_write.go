package methods

// The install, upgrade, uninstall, rollback methods, one file each; this list is the only place they are registered.

func releaseWriteMethods() []*Method {
	return []*Method{releaseInstall, releaseUpgrade, releaseUninstall, releaseRollback}
}
