package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/distribution/distribution/v3/configuration"
	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/auth/htpasswd"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/inmemory"
	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	helmregistry "helm.sh/helm/v4/pkg/registry"
	repo "helm.sh/helm/v4/pkg/repo/v1"
)

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitTCP(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("%s not listening after %s", addr, timeout)
}

var registryLogOnce sync.Once

// quietRegistries sends the registries' logrus output to <logDir>/registry.log and turns off
// distribution's OpenTelemetry trace export (it would dial localhost:4318). The standard logger
// goes there too: it is the TLS registry's http.Server error log, which would print a "TLS
// handshake error" line on the launcher's stderr for every probe of its port.
func quietRegistries(logDir string) {
	registryLogOnce.Do(func() {
		if os.Getenv("OTEL_TRACES_EXPORTER") == "" {
			_ = os.Setenv("OTEL_TRACES_EXPORTER", "none")
		}
		if f, err := os.Create(filepath.Join(logDir, "registry.log")); err == nil {
			logrus.SetOutput(f)
			log.SetOutput(f)
		}
	})
}

type ociRegistry struct {
	reg  *registry.Registry
	host string
}

// startRegistry runs a distribution v3 registry in process with in-memory storage, optionally
// with htpasswd (bcrypt) auth, over plain HTTP, or over TLS when certFile and keyFile are given.
func startRegistry(ctx context.Context, dir, name, user, pass, certFile, keyFile string) (*ociRegistry, error) {
	cfg := &configuration.Configuration{}
	host := fmt.Sprintf("127.0.0.1:%d", freePort())
	cfg.HTTP.Addr = host
	cfg.HTTP.TLS.Certificate, cfg.HTTP.TLS.Key = certFile, keyFile
	cfg.HTTP.DrainTimeout = time.Second
	cfg.Log.Level = "error"
	cfg.Log.AccessLog.Disabled = true
	cfg.Storage = configuration.Storage{"inmemory": configuration.Parameters{}}
	if user != "" {
		hash, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.MinCost)
		if err != nil {
			return nil, err
		}
		htpasswd := filepath.Join(dir, name+".htpasswd")
		if err := os.WriteFile(htpasswd, fmt.Appendf(nil, "%s:%s\n", user, hash), 0o600); err != nil {
			return nil, err
		}
		cfg.Auth = configuration.Auth{"htpasswd": configuration.Parameters{"realm": "helm-sdk-testenv", "path": htpasswd}}
	}
	r, err := registry.NewRegistry(ctx, cfg)
	if err != nil {
		return nil, err
	}
	go func() {
		if err := r.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logf("registry %s: %v", name, err)
		}
	}()
	if err := waitTCP(host, 10*time.Second); err != nil {
		return nil, err
	}
	return &ociRegistry{reg: r, host: host}, nil
}

// packageCharts packages every chart directory under src into dst and returns the archives.
func packageCharts(src, dst string) ([]chartRef, error) {
	if src == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return nil, err
	}
	var out []chartRef
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(src, e.Name(), "Chart.yaml")); err != nil {
			continue
		}
		c, err := loader.Load(filepath.Join(src, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("load chart %s: %w", e.Name(), err)
		}
		p, err := chartutil.Save(c, dst)
		if err != nil {
			return nil, fmt.Errorf("package chart %s: %w", e.Name(), err)
		}
		out = append(out, chartRef{Name: c.Metadata.Name, Version: c.Metadata.Version, Archive: p})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// pushCharts pushes the fixture charts to a registry: over plain HTTP, or over TLS trusting
// caFile when it is given.
func pushCharts(host, user, pass, caFile, credFile string, charts []chartRef) error {
	opts := []helmregistry.ClientOption{
		helmregistry.ClientOptWriter(io.Discard),
		helmregistry.ClientOptCredentialsFile(credFile),
	}
	if caFile == "" {
		opts = append(opts, helmregistry.ClientOptPlainHTTP())
	} else {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("no certificate in %s", caFile)
		}
		opts = append(opts, helmregistry.ClientOptHTTPClient(&http.Client{
			Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
		}))
	}
	if user != "" {
		opts = append(opts, helmregistry.ClientOptBasicAuth(user, pass))
	}
	c, err := helmregistry.NewClient(opts...)
	if err != nil {
		return err
	}
	for _, ch := range charts {
		data, err := os.ReadFile(ch.Archive)
		if err != nil {
			return err
		}
		ref := fmt.Sprintf("%s/charts/%s:%s", host, ch.Name, ch.Version)
		if _, err := c.Push(data, ref); err != nil {
			return fmt.Errorf("push %s: %w", ref, err)
		}
	}
	return nil
}

type repoServer struct {
	srv *http.Server
	url string
}

func basicAuth(user, pass string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="helm-sdk-testenv"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// startRepo serves dir (which holds index.yaml and the archives) over HTTP or HTTPS. With
// clientCAs it requires a client certificate signed by one of them (mutual TLS).
func startRepo(errLog *log.Logger, h http.Handler, tlsCert *tls.Certificate, clientCAs *x509.CertPool) (*repoServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: errLog}
	scheme := "http"
	if tlsCert != nil {
		scheme = "https"
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*tlsCert}, MinVersion: tls.VersionTLS12}
		if clientCAs != nil {
			srv.TLSConfig.ClientCAs = clientCAs
			srv.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
		}
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go func() { _ = srv.Serve(l) }()
	return &repoServer{srv: srv, url: fmt.Sprintf("%s://%s", scheme, l.Addr().String())}, nil
}

// writeIndex writes index.yaml with relative chart URLs, so one directory serves all repos.
func writeIndex(dir string) error {
	idx, err := repo.IndexDirectory(dir, "")
	if err != nil {
		return err
	}
	idx.SortEntries()
	// IndexDirectory with an empty base URL leaves plain file names, which Helm resolves
	// against the repository URL.
	for _, vs := range idx.Entries {
		for _, v := range vs {
			for i, u := range v.URLs {
				v.URLs[i] = strings.TrimPrefix(u, "/")
			}
		}
	}
	return idx.WriteFile(filepath.Join(dir, "index.yaml"), 0o644)
}
