package methods

// When the API server goes away in the middle of a write, Helm often fails with an error that
// does not say so: the watcher wait reports "resource ... not ready. status: Unknown" (its
// informers lost the server), storage updates report a bare transport error. Classify leaves
// those INTERNAL. orUnreachable asks the API server directly, once, with a short deadline, and
// turns an INTERNAL failure into KUBE_UNREACHABLE when it does not answer: the code a caller can
// act on (retry later, then roll back or recover the release; actions README, "Recovering a stuck
// release"). Found by packages/actions/test/apiserver-down.integ.test.ts (issue 7).

import (
	"errors"
	"fmt"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// reachabilityProbeTimeout bounds the probe: a hung API server must not hold the answer back.
const reachabilityProbeTimeout = 2 * time.Second

// orUnreachable returns err, reclassified as KUBE_UNREACHABLE when it is INTERNAL and the API
// server of cfg does not answer GET /version now.
func orUnreachable(cfg *action.Configuration, err error) error {
	var e *protocol.Error
	if !errors.As(err, &e) || e.Code != protocol.CodeInternal || cfg == nil || cfg.RESTClientGetter == nil {
		return err
	}
	probeErr := probeAPIServer(cfg)
	if probeErr == nil {
		return err
	}
	e.Code = protocol.CodeKubeUnreachable
	e.Message = fmt.Sprintf("%s (kubernetes cluster unreachable: %v)", e.Message, probeErr)
	return e
}

func probeAPIServer(cfg *action.Configuration) error {
	rc, err := cfg.RESTClientGetter.ToRESTConfig()
	if err != nil {
		return nil // not a reachability problem; keep the original error
	}
	rc = rest.CopyConfig(rc)
	rc.Timeout = reachabilityProbeTimeout
	dc, err := discovery.NewDiscoveryClientForConfig(rc)
	if err != nil {
		return nil
	}
	_, err = dc.ServerVersion()
	return err
}
