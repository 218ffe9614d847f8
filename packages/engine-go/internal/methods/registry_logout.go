package methods

// registry.logout mirrors `helm registry logout` of Helm v4.3.1 (pkg/cmd/registry_logout.go,
// pkg/action/registry_logout.go): removes the host's credentials from the Configuration's registry
// config file.

import (
	"context"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RegistryLogoutParams are `helm registry logout`'s argument.
type RegistryLogoutParams struct {
	Host string `msgpack:"host" doc:"Registry host[:port] (a leading oci:// is accepted)."`
}

// RegistryLogoutResult names the host logged out of.
type RegistryLogoutResult struct {
	Host string `msgpack:"host"`
}

var registryLogout = define("registry.logout", "Log out of an OCI registry, as `helm registry logout`.", runRegistryLogout)

func runRegistryLogout(_ context.Context, req *Request, p *RegistryLogoutParams) (*RegistryLogoutResult, error) {
	host := helmenv.RegistryHost(p.Host)
	if host == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "host", "host is required")
	}
	settings := req.Settings.EnvSettings("")
	rc, err := (&helmenv.ChartSource{}).RegistryClient(settings)
	if err != nil {
		return nil, err
	}
	if err := rc.Logout(host); err != nil {
		return nil, helmenv.ClassifyRemote(err, "host", host)
	}
	return &RegistryLogoutResult{Host: host}, nil
}
