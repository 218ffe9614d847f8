// Package buildinfo knows the engine's own version (set by scripts/build.sh with -X) and reads
// the linked Helm version from the module build info, so engine.info cannot lie about either.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// EngineVersion is the @helm-sdk/engine-go version, set at link time:
// -X github.com/helm-sdk/helm-sdk/packages/engine-go/internal/buildinfo.EngineVersion=0.1.0
var EngineVersion = "0.0.0-dev"

// HelmModule is the module path of the Helm library.
const HelmModule = "helm.sh/helm/v4"

// HelmVersion returns the version of helm.sh/helm/v4 the binary was built with ("v4.3.1"), or
// "unknown" when the binary carries no module information.
func HelmVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, d := range bi.Deps {
		if d.Path == HelmModule {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return "unknown"
}

// GoVersion is the Go runtime version.
func GoVersion() string { return runtime.Version() }
