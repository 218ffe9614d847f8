package helmenv

// Helpers for methods that talk to chart repositories and OCI registries (repo.*, registry.*,
// chart.pull/push/dependency*): the repositories.yaml file lock of `helm repo add`, and the
// classification of network, TLS and auth failures into wire codes that name the URL or host,
// never the credentials.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// LockRepoFile takes the file lock `helm repo add` takes (pkg/cmd/repo_add.go v4.3.1): a flock on
// <repositories>.lock next to the file, polled every second for up to 30 s. flock(2) locks belong
// to the open file description, so two requests of the same engine exclude each other as well as
// a concurrent `helm repo add`. The caller calls the returned unlock.
func LockRepoFile(ctx context.Context, repoFile string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(repoFile), os.ModePerm); err != nil && !os.IsExist(err) {
		return nil, err
	}
	ext := filepath.Ext(repoFile)
	lockPath := repoFile + ".lock"
	if ext != "" && len(ext) < len(repoFile) {
		lockPath = strings.TrimSuffix(repoFile, ext) + ".lock"
	}
	fileLock := flock.New(lockPath)
	lockCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// Poll faster than the CLI's 1 s: parallel adds in one engine should not queue for seconds.
	locked, err := fileLock.TryLockContext(lockCtx, 50*time.Millisecond)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", lockPath, err)
	}
	if !locked {
		return nil, fmt.Errorf("could not lock %s", lockPath)
	}
	return func() { _ = fileLock.Unlock() }, nil
}

// ClassifyRemote gives a failed exchange with a repository or registry its code. target is the URL
// or host the user named; it is added to the message when Helm's text does not already carry it,
// and to details.url. Messages are Helm's, which never contain the password (the getter and oras
// put credentials in headers, not in URLs); RedactSecrets is applied anyway.
func ClassifyRemote(err error, input, target string, secrets ...string) *protocol.Error {
	if err == nil {
		return nil
	}
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pe
	}
	if pe := PlainHTTPError(err, input, target, secrets...); pe != nil {
		return pe
	}
	if pe := TLSError(err, target, secrets...); pe != nil {
		return pe
	}
	msg := err.Error()
	low := strings.ToLower(msg)
	code := protocol.CodeInternal
	var netErr net.Error
	var urlErr *url.Error
	switch {
	case errors.Is(err, context.Canceled):
		code = protocol.CodeCancelled
	case errors.Is(err, context.DeadlineExceeded):
		code = protocol.CodeTimeout
	case IsAuthFailure(msg):
		code = protocol.CodeRegistryAuth
	case errors.Is(err, fs.ErrNotExist), statusRE(404).MatchString(msg), strings.Contains(low, "not found"),
		strings.Contains(low, "no chart version found"), strings.Contains(low, "no chart name found"):
		code = protocol.CodeChartNotFound
	case strings.Contains(low, "invalid reference"), strings.Contains(low, "improper constraint"),
		strings.Contains(low, "invalid semantic version"), strings.Contains(low, "invalid chart url format"),
		strings.Contains(low, "could not find protocol handler"), strings.Contains(low, "unsupported protocol scheme"):
		code = protocol.CodeInvalidArgument
	case errors.As(err, &netErr), errors.As(err, &urlErr), strings.Contains(low, "connection refused"),
		strings.Contains(low, "no such host"), strings.Contains(low, "x509"), strings.Contains(low, "tls"),
		strings.Contains(low, "i/o timeout"), strings.Contains(low, "eof"), strings.Contains(low, "server gave http response"):
		// An unreachable repository or registry, or one whose certificate is not trusted: the URL
		// the user gave is what is wrong (or the network). PROTOCOL.md has no dedicated code yet.
		code = protocol.CodeInvalidArgument
	case strings.Contains(low, "error unmarshaling json"), strings.Contains(low, "yaml:"), strings.Contains(low, "no api version"),
		strings.Contains(low, "not a valid chart repository"):
		code = protocol.CodeInvalidArgument
	}
	if target != "" && !strings.Contains(msg, target) {
		msg = fmt.Sprintf("%s: %s", target, msg)
	}
	out := &protocol.Error{Code: code, Message: RedactSecrets(msg, secrets...), Details: map[string]any{"input": input}}
	if target != "" {
		out.Details["url"] = target
	}
	return out
}

// plainHTTPAnswer is Go's net/http text for an https:// request that got a plain-HTTP answer.
const plainHTTPAnswer = "server gave http response to https client"

// PlainHTTPError recognises a registry or repository that speaks plain HTTP where Helm spoke TLS
// (an OCI registry used without plainHttp, or an https:// repository URL for an http-only server)
// and returns an INVALID_ARGUMENT that says what to do; nil for any other error. Helm's own
// text is kept at the end. Without this, LocateChart's callers reported CHART_NOT_FOUND, which
// sends users looking for a chart that is there (issue 11).
func PlainHTTPError(err error, input, target string, secrets ...string) *protocol.Error {
	msg := err.Error()
	if !strings.Contains(strings.ToLower(msg), plainHTTPAnswer) {
		return nil
	}
	var text string
	if strings.HasPrefix(target, "https://") {
		text = fmt.Sprintf("%s answered plain HTTP to an HTTPS request; use its http:// URL (%s)", target, msg)
	} else {
		// OCI registries: the reference has no scheme, plainHttp chooses HTTP.
		input = "plainHttp"
		host := target
		if host == "" {
			host = "the registry"
		}
		text = fmt.Sprintf("%s answered plain HTTP to an HTTPS request; pass plainHttp: true to talk to it over HTTP (%s)", host, msg)
	}
	out := &protocol.Error{Code: protocol.CodeInvalidArgument, Message: RedactSecrets(text, secrets...), Details: map[string]any{"input": input}}
	if target != "" {
		out.Details["url"] = target
	}
	return out
}

// TLS handshake failures that the client's own TLS options fix. Go's x509 text for a server
// certificate from a CA the client does not trust, and the TLS alerts a server that requires a
// client certificate sends when none (TLS 1.3: certificate required; TLS 1.2: bad certificate)
// or one from a CA it does not trust (unknown certificate authority) was presented.
var (
	untrustedServerText = "certificate signed by unknown authority"
	clientCertAlerts    = []string{"tls: certificate required", "tls: bad certificate", "tls: unknown certificate authority"}
)

// TLSError recognises a TLS handshake that failed for want of the right caFile (the server's
// certificate is signed by a CA the client does not trust) or of certFile/keyFile (the server
// requires a client certificate and got none it accepts), and returns an INVALID_ARGUMENT naming
// that option in details.input and target (the URL or host) in the message and details.url, with
// Helm's text kept at the end; nil for any other error. Without it, a chart located by install,
// template or show from an untrusted registry was CHART_NOT_FOUND, and the mutual-TLS refusal
// read "not a valid chart repository" with the URL as the input at fault (issue 11).
func TLSError(err error, target string, secrets ...string) *protocol.Error {
	msg := err.Error()
	var input, text string
	where := target
	if where == "" {
		where = "the server"
	}
	switch {
	case strings.Contains(msg, untrustedServerText):
		input = "caFile"
		text = fmt.Sprintf("the certificate of %s is signed by a CA this client does not trust; pass caFile with that CA's certificate (%s)", where, msg)
	case containsAny(msg, clientCertAlerts):
		input = "certFile"
		text = fmt.Sprintf("%s refused the TLS handshake: it requires a client certificate signed by a CA it trusts; pass certFile and keyFile (%s)", where, msg)
	case strings.Contains(msg, tlsConfigText):
		// Helm's getters and pushers could not load the files (a stored repository's key that
		// was deleted, a CA file that holds no certificate): the file's option, not a missing
		// chart as the "no such file" in the text would otherwise make it. Helm's text names the path.
		input = tlsFileInput(msg)
		text = msg
		if target != "" && !strings.Contains(msg, target) {
			text = fmt.Sprintf("%s: %s", target, msg)
		}
	default:
		return nil
	}
	out := &protocol.Error{Code: protocol.CodeInvalidArgument, Message: RedactSecrets(text, secrets...), Details: map[string]any{"input": input}}
	if target != "" {
		out.Details["url"] = target
	}
	return out
}

// tlsConfigText is how Helm's getters, pushers and registry client wrap a failure to build their
// TLS configuration from certFile, keyFile and caFile (internal/tlsutil, v4.3.1).
const tlsConfigText = "can't create TLS config for client"

// tlsFileInput tells from internal/tlsutil's or crypto/tls's text which file could not be used.
func tlsFileInput(msg string) string {
	switch {
	case strings.Contains(msg, "unable to read key file"):
		return "keyFile"
	case strings.Contains(msg, "unable to read cert file"):
		return "certFile"
	case strings.Contains(msg, "CA file"), strings.Contains(msg, "append certificates from pem"):
		return "caFile"
	case strings.Contains(msg, "certificate input"):
		return "certFile"
	case strings.Contains(msg, "key input"), strings.Contains(msg, "private key"):
		return "keyFile"
	}
	return "certFile"
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// statusRE matches an HTTP status code as a word ("401 Unauthorized", "status code 401"), not as
// part of a port number or digest (127.0.0.1:40123).
func statusRE(code int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`(^|[^0-9:.])%d([^0-9]|$)`, code))
}

var authRE = []*regexp.Regexp{statusRE(401), statusRE(403)}

// IsAuthFailure reports whether a repository's or registry's error text says the credentials
// were missing or refused.
func IsAuthFailure(msg string) bool {
	low := strings.ToLower(msg)
	for _, re := range authRE {
		if re.MatchString(msg) {
			return true
		}
	}
	return strings.Contains(low, "unauthorized") || strings.Contains(low, "denied") || strings.Contains(low, "forbidden") ||
		strings.Contains(low, "authentication required") || strings.Contains(low, "basic credential not found")
}

// RedactSecrets replaces every non-empty secret in s with "***".
func RedactSecrets(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// RegistryHost returns the host[:port] of an oci:// reference or a bare host.
func RegistryHost(ref string) string {
	ref = strings.TrimPrefix(ref, "oci://")
	if i := strings.IndexByte(ref, '/'); i >= 0 {
		ref = ref[:i]
	}
	return ref
}
