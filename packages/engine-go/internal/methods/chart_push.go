package methods

// chart.push mirrors `helm push` of Helm v4.3.1 (pkg/cmd/push.go, pkg/action/push.go,
// pkg/pusher/ocipusher.go push) to an oci:// remote: the archive (and its .prov next to it, if
// any) pushed as <remote>/<name>:<version>. It calls registry.Client.Push directly so the
// manifest digest and the pushed ref can be returned. A fresh registry client per request.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/registry"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartPushParams are `helm push`'s arguments and flags.
type ChartPushParams struct {
	Chart                 string `msgpack:"chart,omitempty" doc:"Path of a chart archive (.tgz)."`
	ChartData             []byte `msgpack:"chartData,omitempty" doc:"A chart archive (.tgz bytes); instead of chart."`
	Remote                string `msgpack:"remote" doc:"REMOTE: oci://host[:port]/path (the chart name and version are appended)."`
	Username              string `msgpack:"username,omitempty" doc:"--username. Defaults to the registry config's credentials."`
	Password              string `msgpack:"password,omitempty" doc:"--password. Never logged."`
	CertFile              string `msgpack:"certFile,omitempty" doc:"--cert-file."`
	KeyFile               string `msgpack:"keyFile,omitempty" doc:"--key-file."`
	CaFile                string `msgpack:"caFile,omitempty" doc:"--ca-file."`
	InsecureSkipTLSVerify bool   `msgpack:"insecureSkipTlsVerify,omitempty" doc:"--insecure-skip-tls-verify. Defaults to false."`
	PlainHTTP             bool   `msgpack:"plainHttp,omitempty" doc:"--plain-http. Defaults to false."`
	Cwd                   string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartPushResult is what was pushed.
type ChartPushResult struct {
	Ref     string `msgpack:"ref" doc:"The pushed reference, host/path/name:version."`
	Digest  string `msgpack:"digest" doc:"The manifest digest (sha256:...)."`
	Name    string `msgpack:"name"`
	Version string `msgpack:"version"`
}

var chartPush = define("chart.push", "Push a chart archive to an OCI registry, as `helm push`.", runChartPush)

func runChartPush(_ context.Context, req *Request, p *ChartPushParams) (*ChartPushResult, error) {
	src := helmenv.ChartSource{Chart: p.Chart, ChartData: p.ChartData, Username: p.Username, Password: p.Password,
		CertFile: p.CertFile, KeyFile: p.KeyFile, CaFile: p.CaFile, InsecureSkipTLSVerify: p.InsecureSkipTLSVerify, PlainHTTP: p.PlainHTTP}
	if err := src.Validate(); err != nil {
		return nil, err
	}
	if !registry.IsOCI(p.Remote) {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "remote", "remote %q is not an oci:// reference", p.Remote)
	}
	if rest := strings.TrimPrefix(p.Remote, "oci://"); rest == "" || strings.HasPrefix(rest, "/") || strings.ContainsAny(rest, " \t\n@") {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "remote", "invalid OCI reference %q: want oci://host[:port]/path", p.Remote)
	}
	settings := req.Settings.EnvSettings("")
	input, chartPath := "chart", helmenv.ResolvePath(p.Cwd, p.Chart)
	var chartBytes []byte
	created := time.Now()
	if p.ChartData != nil {
		input, chartBytes = "chartData", p.ChartData
	} else {
		stat, err := os.Stat(chartPath)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, protocol.Errorf(protocol.CodeChartNotFound, "chart", "%s: no such file", p.Chart)
			}
			return nil, protocol.Wrap(protocol.CodeChartNotFound, "chart", err)
		}
		if stat.IsDir() {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chart", "cannot push directory %s, must provide chart archive (.tgz)", p.Chart)
		}
		created = stat.ModTime()
		if chartBytes, err = os.ReadFile(chartPath); err != nil {
			return nil, protocol.Wrap(protocol.CodeChartNotFound, "chart", err)
		}
	}
	meta, err := loader.LoadArchive(strings.NewReader(string(chartBytes)))
	if err != nil {
		name := p.Chart
		if p.ChartData != nil {
			name = "chartData"
		}
		return nil, protocol.Errorf(protocol.CodeInvalidChart, input, "%s: %v", name, err)
	}
	rc, err := src.RegistryClient(settings)
	if err != nil {
		return nil, err
	}
	var opts []registry.PushOption
	if p.ChartData == nil {
		if prov, err := os.ReadFile(chartPath + ".prov"); err == nil {
			opts = append(opts, registry.PushOptProvData(prov))
		}
	}
	ref := fmt.Sprintf("%s:%s", path.Join(strings.TrimPrefix(p.Remote, registry.OCIScheme+"://"), meta.Metadata.Name), meta.Metadata.Version)
	opts = append(opts, registry.PushOptCreationTime(created.Format(time.RFC3339)))
	res, err := rc.Push(chartBytes, ref, opts...)
	if err != nil {
		e := helmenv.ClassifyRemote(err, "remote", helmenv.RegistryHost(p.Remote), p.Password)
		if e.Code == protocol.CodeChartNotFound || e.Code == protocol.CodeInternal {
			e.Code = protocol.CodeInvalidArgument
		}
		return nil, e
	}
	out := &ChartPushResult{Ref: res.Ref, Name: meta.Metadata.Name, Version: meta.Metadata.Version}
	if res.Manifest != nil {
		out.Digest = res.Manifest.Digest
	}
	return out, nil
}
