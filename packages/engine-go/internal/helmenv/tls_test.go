package helmenv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/cli"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// handshakeErrors returns the errors a Go HTTP client really gets from a server that requires a
// client certificate: without the server's CA, with the CA but no client certificate, and with a
// client certificate from a CA the server does not trust. Real handshakes, so a change in Go's
// wording fails here rather than silently turning the errors back into CHART_NOT_FOUND.
func handshakeErrors(t *testing.T) (untrusted, noClientCert, wrongClientCA error) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
	trusted := x509.NewCertPool()
	clientCA, _ := selfSigned(t, "client-ca")
	trusted.AddCert(clientCA)
	srv.TLS = &tls.Config{ClientCAs: trusted, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	serverCAs := x509.NewCertPool()
	serverCAs.AddCert(srv.Certificate())
	get := func(cfg *tls.Config) error {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 30 * time.Second}
		resp, err := c.Get(srv.URL + "/index.yaml")
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET %s with %+v succeeded", srv.URL, cfg)
		}
		return err
	}
	// a client certificate the server cannot verify: self-signed by a CA it does not know
	otherCA, otherKey := selfSigned(t, "other-ca")
	wrong := tls.Certificate{Certificate: [][]byte{otherCA.Raw}, PrivateKey: otherKey}
	return get(&tls.Config{MinVersion: tls.VersionTLS12}),
		get(&tls.Config{RootCAs: serverCAs, MinVersion: tls.VersionTLS12}),
		// GetClientCertificate, since Go's client sends no certificate the server's CA list rules out
		get(&tls.Config{RootCAs: serverCAs, MinVersion: tls.VersionTLS12,
			GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &wrong, nil }})
}

func selfSigned(t *testing.T, cn string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true, IsCA: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, k
}

func TestTLSError_RealHandshakes(t *testing.T) {
	untrusted, noCert, wrongCA := handshakeErrors(t)
	const target = "https://127.0.0.1:40400"
	for _, c := range []struct {
		name      string
		err       error
		wantInput string
		wantText  string
	}{
		{"untrusted server", untrusted, "caFile", "the certificate of " + target + " is signed by a CA this client does not trust; pass caFile"},
		{"no client certificate", noCert, "certFile", target + " refused the TLS handshake: it requires a client certificate signed by a CA it trusts; pass certFile and keyFile"},
		{"client certificate from another CA", wrongCA, "certFile", target + " refused the TLS handshake"},
	} {
		e := TLSError(c.err, target)
		if e == nil {
			t.Errorf("%s: TLSError(%q) = nil", c.name, c.err)
			continue
		}
		if e.Code != protocol.CodeInvalidArgument || e.Details["input"] != c.wantInput || e.Details["url"] != target ||
			!strings.HasPrefix(e.Message, c.wantText) || !strings.Contains(e.Message, c.err.Error()) {
			t.Errorf("%s: %s %v %q", c.name, e.Code, e.Details, e.Message)
		}
		// ClassifyRemote (repo add/update, registry login, push, pull) says the same.
		if r := ClassifyRemote(c.err, "url", target); r.Details["input"] != c.wantInput || r.Message != e.Message {
			t.Errorf("%s: ClassifyRemote: %v %q", c.name, r.Details, r.Message)
		}
	}
	// Helm's getters wrap a TLS configuration they cannot build from the files; "no such file"
	// in that text made a stored repository whose key was deleted CHART_NOT_FOUND.
	for _, c := range []struct{ text, want string }{
		{`can't create TLS config for client: unable to read key file: "/k/client.key": open /k/client.key: no such file or directory`, "keyFile"},
		{`can't create TLS config for client: unable to read cert file: "/k/client.crt": open /k/client.crt: no such file or directory`, "certFile"},
		{`can't create TLS config for client: can't read CA file: "/k/ca.crt": open /k/ca.crt: no such file or directory`, "caFile"},
		{`can't create TLS config for client: failed to append certificates from pem block`, "caFile"},
		{`can't create TLS config for client: unable to load cert from key pair: tls: found a certificate rather than a key in the PEM for the private key`, "keyFile"},
		{`can't create TLS config for client: unable to load cert from key pair: tls: failed to find any PEM data in certificate input`, "certFile"},
	} {
		e := ClassifyRemote(errors.New(c.text), "names", target)
		if e.Code != protocol.CodeInvalidArgument || e.Details["input"] != c.want || e.Details["url"] != target || e.Message != target+": "+c.text {
			t.Errorf("%s: %s %v %q", c.text, e.Code, e.Details, e.Message)
		}
	}
	if TLSError(errors.New(`chart "web" not found in https://r repository`), "https://r") != nil {
		t.Error("TLSError matched an unrelated error")
	}
	e := TLSError(errors.New("x509: certificate signed by unknown authority (pw hunter2)"), "")
	if e == nil || !strings.Contains(e.Message, "hunter2") || !strings.HasPrefix(e.Message, "the certificate of the server is") {
		t.Fatalf("no target: %v", e)
	}
	if e = TLSError(errors.New("x509: certificate signed by unknown authority (pw hunter2)"), "", "hunter2"); strings.Contains(e.Message, "hunter2") {
		t.Errorf("secret kept: %q", e.Message)
	}
	if _, ok := e.Details["url"]; ok {
		t.Errorf("details.url set without a target: %v", e.Details)
	}
}

// TestLocate_TLS: a chart that install, template or show locate in an untrusted registry, or on
// a server that wants a client certificate, is INVALID_ARGUMENT naming caFile or certFile and the
// host; before, LocateChart's error became CHART_NOT_FOUND.
func TestLocate_TLS(t *testing.T) {
	untrusted, noCert, _ := handshakeErrors(t)
	for _, c := range []struct {
		chart, wantURL, wantInput string
		err                       error
	}{
		{"oci://127.0.0.1:40401/charts/web", "127.0.0.1:40401", "caFile", untrusted},
		{"https://127.0.0.1:40402/web-1.0.0.tgz", "https://127.0.0.1:40402/web-1.0.0.tgz", "certFile", noCert},
		{"mtls/web", "", "certFile", noCert},
	} {
		src := ChartSource{Chart: c.chart}
		_, err := src.Locate(func(string, *cli.EnvSettings) (string, error) { return "", c.err }, cli.New(), "")
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Code != protocol.CodeInvalidArgument || pe.Details["input"] != c.wantInput {
			t.Errorf("%s: %v", c.chart, err)
			continue
		}
		if got, _ := pe.Details["url"].(string); got != c.wantURL || !strings.Contains(pe.Message, c.wantURL) {
			t.Errorf("%s: url %q, message %q", c.chart, got, pe.Message)
		}
	}
}

func TestTLSConfig_NamesTheFileAtFault(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := selfSigned(t, "ca")
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyDER, err := x509.MarshalECPrivateKey(caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, key := write("c.crt", "CERTIFICATE", ca.Raw), write("c.key", "EC PRIVATE KEY", keyDER)
	missing := filepath.Join(dir, "missing")
	if _, input, err := tlsConfig(cert, key, cert, false); err != nil || input != "" {
		t.Fatalf("valid pair: %q %v", input, err)
	}
	for _, c := range []struct{ name, cert, key, ca, want string }{
		{"key file holds a certificate", cert, cert, "", "keyFile"},
		{"cert file holds a key", key, key, "", "certFile"},
		{"key file missing", cert, missing, "", "keyFile"},
		{"cert file missing", missing, key, "", "certFile"},
		{"CA file missing", "", "", missing, "caFile"},
		{"CA file without a certificate", "", "", key, "caFile"},
	} {
		if _, input, err := tlsConfig(c.cert, c.key, c.ca, false); err == nil || input != c.want {
			t.Errorf("%s: input %q (%v), want %s", c.name, input, err, c.want)
		}
	}
	// and through RegistryClient, as every chart method builds it
	src := ChartSource{CertFile: cert, KeyFile: cert}
	_, err = src.RegistryClient(cli.New())
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != protocol.CodeInvalidArgument || pe.Details["input"] != "keyFile" {
		t.Errorf("RegistryClient with a certificate as key: %v", err)
	}
}
