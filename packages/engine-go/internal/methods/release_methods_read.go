package methods

// The list, status, history, get*, test methods, one file each; this list is the only place they are registered.

func releaseReadMethods() []*Method {
	return []*Method{}
}
