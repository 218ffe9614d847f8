package methods

// The load, package, create, pull, push, verify, dependency (beyond template/lint/show) methods, one file each; this list is the only place they are registered.

func chartMethods() []*Method {
	return []*Method{
		chartLoad, chartPackage, chartCreate, chartPull, chartPush, chartVerify,
		chartDependencyList, chartDependencyUpdate, chartDependencyBuild,
	}
}
