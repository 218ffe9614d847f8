package methods

// The list, status, history, get*, test methods, one file each; this list is the only place they
// are registered. The helpers below are shared by those read-side files only.

import (
	"context"
	"errors"
	"fmt"

	"helm.sh/helm/v4/pkg/action"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	"helm.sh/helm/v4/pkg/storage/driver"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func releaseReadMethods() []*Method {
	return []*Method{
		releaseList, releaseStatus, releaseHistory,
		releaseGetValues, releaseGetManifest, releaseGetHooks, releaseGetNotes, releaseGetMetadata, releaseGetAll,
		releaseTest,
	}
}

// readConfig builds the request's own action.Configuration for namespace (the request's, else
// the configured one, else the context's). allNamespaces binds the storage to every namespace,
// as `helm list -A` re-initialises its Configuration with namespace "".
func readConfig(req *Request, namespace string, allNamespaces bool) (*action.Configuration, string, error) {
	ns := req.Settings.ResolveNamespace(namespace)
	bind := ns
	if allNamespaces {
		bind = ""
	}
	cfg, err := req.Settings.ActionConfigCached(bind, helmenv.NewEventLogHandler(req.Emit, req.Settings.Debug), req.Engine.MemoryDriver())
	if err != nil {
		return nil, ns, protocol.Classify(err)
	}
	req.Settings.WarnInsecureKubeconfig(req.Method, cfg.RESTClientGetter)
	return cfg, ns, nil
}

// checkReleaseName rejects what Helm's releaseContent would reject, naming the parameter.
func checkReleaseName(name string) error {
	if name == "" {
		return protocol.Errorf(protocol.CodeInvalidArgument, "releaseName", "releaseName is required")
	}
	if err := chartutil.ValidateReleaseName(name); err != nil {
		return protocol.Errorf(protocol.CodeInvalidArgument, "releaseName", "release name %q is invalid: %v", name, err)
	}
	return nil
}

// checkRevision rejects a negative revision (0 means the latest, as with --revision).
func checkRevision(revision int) error {
	if revision < 0 {
		return protocol.Errorf(protocol.CodeInvalidArgument, "revision", "revision must not be negative, got %d", revision)
	}
	return nil
}

// releaseErr classifies err of a call about release name (and revision, 0 = latest): a missing
// release or revision becomes RELEASE_NOT_FOUND with details.release/namespace/revision.
func releaseErr(err error, name, namespace string, revision int) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, driver.ErrReleaseNotFound) || errors.Is(err, driver.ErrNoDeployedReleases) {
		msg := fmt.Sprintf("release %q not found in namespace %q", name, namespace)
		if revision > 0 {
			msg = fmt.Sprintf("revision %d of release %q not found in namespace %q", revision, name, namespace)
		}
		e := protocol.Wrap(protocol.CodeReleaseNotFound, "releaseName", fmt.Errorf("%s: %w", msg, err)).
			With("releaseName", name).With("namespace", namespace)
		if revision > 0 {
			e.Details["input"] = "revision"
			e.With("revision", revision)
		}
		return e
	}
	return protocol.Classify(err)
}

// runCtx runs fn, returning early with ctx's error when the request is cancelled. Helm's read
// actions take no context; what they do is read-only, so abandoning the goroutine is harmless
// and the caller gets its CANCELLED/TIMEOUT answer at once.
func runCtx[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	type out struct {
		v   T
		err error
	}
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, err
	}
	ch := make(chan out, 1)
	go func() {
		v, err := fn()
		ch <- out{v, err}
	}()
	select {
	case o := <-ch:
		return o.v, o.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// getRelease fetches one revision (0 = latest) of a release, as action.Get.
func getRelease(ctx context.Context, req *Request, name, namespace string, revision int) (*releasev1.Release, *action.Configuration, string, error) {
	if err := checkReleaseName(name); err != nil {
		return nil, nil, "", err
	}
	if err := checkRevision(revision); err != nil {
		return nil, nil, "", err
	}
	cfg, ns, err := readConfig(req, namespace, false)
	if err != nil {
		return nil, nil, ns, err
	}
	get := action.NewGet(cfg)
	get.Version = revision
	rel, err := runCtx(ctx, func() (*releasev1.Release, error) {
		ri, err := get.Run(name)
		if err != nil {
			return nil, err
		}
		return toV1(ri)
	})
	if err != nil {
		return nil, nil, ns, releaseErr(err, name, ns, revision)
	}
	return rel, cfg, ns, nil
}

// toV1 unwraps the release.Releaser the actions return.
func toV1(ri any) (*releasev1.Release, error) {
	switch r := ri.(type) {
	case *releasev1.Release:
		return r, nil
	case releasev1.Release:
		return &r, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("unsupported release type %T", ri)
}
