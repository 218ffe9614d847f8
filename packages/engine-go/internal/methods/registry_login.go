package methods

// registry.login mirrors `helm registry login` of Helm v4.3.1 (pkg/cmd/registry_login.go,
// pkg/action/registry_login.go): a fresh registry.Client per request, writing the credentials to
// the Configuration's registry config file. Username and password come only from params (no
// prompt, no stdin). As the CLI's getUsernamePassword allows, the username may be empty: the
// password is then a token (registries that take an identity or access token without a user).
// A refused login is REGISTRY_AUTH naming the host, never the password or token.

import (
	"context"
	"strings"

	"helm.sh/helm/v4/pkg/registry"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RegistryLoginParams are `helm registry login`'s argument and flags.
type RegistryLoginParams struct {
	Host      string `msgpack:"host" doc:"Registry host[:port] (a leading oci:// is accepted)."`
	Username  string `msgpack:"username,omitempty" doc:"--username. Empty: password is a token."`
	Password  string `msgpack:"password" doc:"--password, or the token when username is empty. Never logged."`
	CertFile  string `msgpack:"certFile,omitempty" doc:"--cert-file."`
	KeyFile   string `msgpack:"keyFile,omitempty" doc:"--key-file."`
	CaFile    string `msgpack:"caFile,omitempty" doc:"--ca-file."`
	Insecure  bool   `msgpack:"insecure,omitempty" doc:"--insecure: allow a TLS registry without verifying its certificate. Defaults to false."`
	PlainHTTP bool   `msgpack:"plainHttp,omitempty" doc:"--plain-http. Defaults to false."`
}

// RegistryLoginResult is empty on success.
type RegistryLoginResult struct {
	Host string `msgpack:"host" doc:"The host the credentials were stored for."`
}

var registryLogin = define("registry.login", "Log in to an OCI registry, as `helm registry login`.", runRegistryLogin)

func runRegistryLogin(_ context.Context, req *Request, p *RegistryLoginParams) (*RegistryLoginResult, error) {
	host := helmenv.RegistryHost(p.Host)
	if host == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "host", "host is required")
	}
	if p.Password == "" {
		// getUsernamePassword's "token required" / "password required".
		what := "password"
		if p.Username == "" {
			what = "token"
		}
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "password", "%s required to log in to %s", what, host)
	}
	settings := req.Settings.EnvSettings("")
	// The client's own credentials are not the login's; only the TLS/plain-HTTP options matter.
	src := helmenv.ChartSource{CertFile: p.CertFile, KeyFile: p.KeyFile, CaFile: p.CaFile, InsecureSkipTLSVerify: p.Insecure, PlainHTTP: p.PlainHTTP}
	rc, err := src.RegistryClient(settings)
	if err != nil {
		return nil, err
	}
	err = rc.Login(host,
		registry.LoginOptBasicAuth(p.Username, p.Password),
		registry.LoginOptInsecure(p.Insecure),
		registry.LoginOptTLSClientConfig(p.CertFile, p.KeyFile, p.CaFile),
		registry.LoginOptPlainText(p.PlainHTTP),
	)
	if err != nil {
		e := helmenv.ClassifyRemote(err, "host", host, p.Password)
		// oras' answer to a token without a username at a registry that asks for basic auth:
		// the registry refused the credentials given, say so and what it wants.
		if p.Username == "" && strings.Contains(err.Error(), "missing username or password for basic auth") {
			e.Code = protocol.CodeRegistryAuth
			e.Message += " (this registry wants a username with the password)"
		}
		return nil, e
	}
	return &RegistryLoginResult{Host: host}, nil
}
