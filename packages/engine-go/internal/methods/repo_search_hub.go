package methods

// repo.searchHub mirrors `helm search hub` of Helm v4.3.1 (pkg/cmd/search_hub.go run and
// hubSearchWriter, internal/monocular SearchWithContext, which cannot be imported from outside
// Helm): GET <endpoint>/api/chartsvc/v1/charts/search?q=<keyword>, the Monocular-compatible search
// API that Artifact Hub (https://hub.helm.sh, the default endpoint) serves for Helm, and one hit
// per package with the fields of `helm search hub -o json`. Two deliberate differences: an answer
// that is not the API's JSON is an error (the CLI ignores the decoding error and prints "No results
// found"), and the search runs under the request's context, so abort and timeout stop it.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// hubSearchPath is internal/monocular.SearchPath.
const hubSearchPath = "api/chartsvc/v1/charts/search"

// defaultHubEndpoint is `helm search hub --endpoint`'s default.
const defaultHubEndpoint = "https://hub.helm.sh"

// RepoSearchHubParams are `helm search hub`'s argument and flags.
type RepoSearchHubParams struct {
	Keyword        string `msgpack:"keyword,omitempty" doc:"KEYWORD (the CLI joins several with spaces); all packages when empty."`
	Endpoint       string `msgpack:"endpoint,omitempty" doc:"--endpoint: the hub instance. Defaults to https://hub.helm.sh."`
	FailOnNoResult bool   `msgpack:"failOnNoResult,omitempty" doc:"--fail-on-no-result: nothing found is an error (CHART_NOT_FOUND). Defaults to false."`
}

// HubRepository is the chart repository a hub package comes from.
type HubRepository struct {
	URL  string `msgpack:"url"`
	Name string `msgpack:"name"`
}

// HubSearchHit is one package found (a row of `helm search hub`).
type HubSearchHit struct {
	URL         string        `msgpack:"url" doc:"The package's page on the hub (Monocular: <endpoint>/charts/<id>)."`
	Version     string        `msgpack:"version" doc:"Latest chart version."`
	AppVersion  string        `msgpack:"appVersion"`
	Description string        `msgpack:"description"`
	Repository  HubRepository `msgpack:"repository" doc:"The chart repository (the CLI's REPO URL column with --list-repo-url)."`
}

// RepoSearchHubResult lists the hits in the hub's order.
type RepoSearchHubResult struct {
	Charts []HubSearchHit `msgpack:"charts"`
}

// hubSearchResponse is the part of the API's answer the CLI reads.
type hubSearchResponse struct {
	Data []struct {
		ID          string `json:"id"`
		ArtifactHub struct {
			PackageURL string `json:"packageUrl"`
		} `json:"artifactHub"`
		Attributes struct {
			Description string `json:"description"`
			Repo        struct {
				Name string `json:"name"`
				URL  string `json:"url"`
			} `json:"repo"`
		} `json:"attributes"`
		Relationships struct {
			LatestChartVersion struct {
				Data struct {
					Version    string `json:"version"`
					AppVersion string `json:"app_version"`
				} `json:"data"`
			} `json:"latestChartVersion"`
		} `json:"relationships"`
	} `json:"data"`
}

var repoSearchHub = define("repo.searchHub", "Search Artifact Hub (or another hub instance) for charts, as `helm search hub`.", runRepoSearchHub)

func runRepoSearchHub(ctx context.Context, req *Request, p *RepoSearchHubParams) (*RepoSearchHubResult, error) {
	endpoint := or(p.Endpoint, defaultHubEndpoint)
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "endpoint", "unable to create connection to %q: not an http(s) URL", endpoint)
	}
	u.Path = path.Join(u.Path, hubSearchPath)
	u.RawQuery = "q=" + url.QueryEscape(p.Keyword)
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), http.NoBody)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "endpoint", err)
	}
	// internal/version.GetUserAgent: "Helm/" and the version without its v.
	hreq.Header.Set("User-Agent", "Helm/"+strings.TrimPrefix(req.Engine.Info.Helm, "v"))
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		return nil, hubError(endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, hubError(endpoint, fmt.Errorf("failed to fetch %s : %s", u.String(), resp.Status))
	}
	var body hubSearchResponse
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "endpoint", "unable to perform search against %q: the answer is not the search API's JSON: %v", endpoint, err)
	}
	out := &RepoSearchHubResult{Charts: []HubSearchHit{}}
	for _, r := range body.Data {
		// newHubSearchWriter: Monocular's URL unless Artifact Hub gives the package's own.
		hit := HubSearchHit{
			URL:         endpoint + "/charts/" + r.ID,
			Version:     r.Relationships.LatestChartVersion.Data.Version,
			AppVersion:  r.Relationships.LatestChartVersion.Data.AppVersion,
			Description: r.Attributes.Description,
			Repository:  HubRepository{URL: r.Attributes.Repo.URL, Name: r.Attributes.Repo.Name},
		}
		if r.ArtifactHub.PackageURL != "" {
			hit.URL = r.ArtifactHub.PackageURL
		}
		out.Charts = append(out.Charts, hit)
	}
	if p.FailOnNoResult && len(out.Charts) == 0 {
		return nil, noResults("keyword", p.Keyword)
	}
	return out, nil
}

// hubError is the CLI's "unable to perform search against <endpoint>", with the cause it only
// logs at debug level, classified like any remote failure (refused, TLS, timeout, 4xx/5xx).
func hubError(endpoint string, err error) error {
	e := helmenv.ClassifyRemote(fmt.Errorf("unable to perform search against %q: %w", endpoint, err), "endpoint", "")
	e.With("url", endpoint)
	return e
}
