package methods

// chart.verify mirrors `helm verify` of Helm v4.3.1 (pkg/action/verify.go): checks a chart
// archive against its .prov file with a keyring and returns who signed it.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"helm.sh/helm/v4/pkg/downloader"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartVerifyParams are `helm verify`'s argument and flags.
type ChartVerifyParams struct {
	Chart   string `msgpack:"chart" doc:"PATH of a chart archive; PATH.prov must exist."`
	Keyring string `msgpack:"keyring,omitempty" doc:"--keyring. Defaults to ~/.gnupg/pubring.gpg."`
	Cwd     string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartVerifyResult is the verification.
type ChartVerifyResult struct {
	SignedBy    []string `msgpack:"signedBy" doc:"Identities of the signing key."`
	Fingerprint string   `msgpack:"fingerprint" doc:"Signing key fingerprint, upper-case hex."`
	FileHash    string   `msgpack:"fileHash" doc:"sha256 of the archive, as in the .prov file."`
}

var chartVerify = define("chart.verify", "Verify a chart archive against its provenance file, as `helm verify`.", runChartVerify)

func runChartVerify(_ context.Context, _ *Request, p *ChartVerifyParams) (*ChartVerifyResult, error) {
	if p.Chart == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chart", "chart is required")
	}
	path := helmenv.ResolvePath(p.Cwd, p.Chart)
	keyring := p.Keyring
	if keyring == "" {
		keyring = helmenv.DefaultKeyring()
	}
	if _, err := os.Stat(path); err != nil {
		return nil, protocol.Errorf(protocol.CodeChartNotFound, "chart", "%s: %v", p.Chart, err)
	}
	v, err := downloader.VerifyChart(path, path+".prov", keyring)
	if err != nil {
		code := protocol.CodeInvalidChart
		if errors.Is(err, fs.ErrNotExist) {
			code = protocol.CodeInvalidArgument
		}
		return nil, protocol.Wrap(code, "chart", fmt.Errorf("%s: %w", p.Chart, err))
	}
	res := &ChartVerifyResult{SignedBy: []string{}, FileHash: v.FileHash}
	if v.SignedBy != nil {
		for name := range v.SignedBy.Identities {
			res.SignedBy = append(res.SignedBy, name)
		}
		if v.SignedBy.PrimaryKey != nil {
			res.Fingerprint = fmt.Sprintf("%X", v.SignedBy.PrimaryKey.Fingerprint)
		}
	}
	return res, nil
}
