// Command testenv starts a local Kubernetes control plane (etcd embedded, kube-apiserver,
// kube-controller-manager, kube-scheduler, kwok with one fake node), three OCI registries (one
// over TLS) and four HTTP chart repositories (one over TLS, one over mutual TLS) on 127.0.0.1, writes their endpoints to a JSON file and runs
// until SIGINT/SIGTERM or (with --watch-stdin) until its stdin is closed.
//
//	testenv up --bin DIR --kwok PATH [--dir DIR] [--out endpoints.json] [--charts DIR] [--keep] [--watch-stdin]
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

//go:embed stages.yaml
var kwokStages []byte

const (
	nodeName     = "kwok-node-0"
	registryUser = "helm"
	registryPass = "helm-sdk-registry"
	// the TLS registry has its own password, so a test can tell which registry a credential reached
	tlsRegistryPass = "helm-sdk-tls-registry"
	repoUser        = "helm"
	repoPass        = "helm-sdk-repo"
	failureAnno     = "helm-sdk.test/fail"
)

type chartRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Archive string `json:"archive"`
}

type registryEndpoint struct {
	Host      string `json:"host"`
	URL       string `json:"url"`
	PlainHTTP bool   `json:"plainHttp"`
	Username  string `json:"username,omitempty"`
	Password  string `json:"password,omitempty"`
	CAFile    string `json:"caFile,omitempty"`
}

type repoEndpoint struct {
	URL      string `json:"url"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	CAFile   string `json:"caFile,omitempty"`
	// the client certificate and key a mutual-TLS repository requires (signed by CAFile's CA)
	CertFile string `json:"certFile,omitempty"`
	KeyFile  string `json:"keyFile,omitempty"`
}

type endpoints struct {
	Version           int                         `json:"version"`
	Kubeconfig        string                      `json:"kubeconfig"`
	APIServer         string                      `json:"apiServer"`
	KubernetesVersion string                      `json:"kubernetesVersion"`
	Context           string                      `json:"context"`
	Node              string                      `json:"node"`
	FailAnnotation    string                      `json:"failAnnotation"`
	Registries        map[string]registryEndpoint `json:"registries"`
	Repos             map[string]repoEndpoint     `json:"repos"`
	Charts            []chartRef                  `json:"charts"`
	Pids              map[string]int              `json:"pids"`
	Dir               string                      `json:"dir"`
	LogDir            string                      `json:"logDir"`
	StartedAt         string                      `json:"startedAt"`
	ReadySeconds      float64                     `json:"readySeconds"`
}

var t0 = time.Now()

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "[testenv %5.1fs] %s\n", time.Since(t0).Seconds(), fmt.Sprintf(format, a...))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

type env struct {
	dir, logDir string
	keep        bool
	out         string
	children    []*child
	etcd        *embed.Etcd
	registries  []*ociRegistry
	repos       []*repoServer
	mu          sync.Mutex
	failed      chan string
	// set once the cluster is ready; the control channel (control.go) restarts the API server from it
	apiSpec *apiServerSpec
}

func (e *env) add(c *child) {
	e.mu.Lock()
	e.children = append(e.children, c)
	e.mu.Unlock()
	go func() {
		<-c.done
		if !c.wasStopped() {
			select {
			case e.failed <- fmt.Sprintf("%s exited unexpectedly (%v); last log lines:\n%s", c.name, c.err, c.tail(15)):
			default:
			}
		}
	}()
}

func (e *env) shutdown() {
	logf("shutting down")
	e.mu.Lock()
	cs := append([]*child(nil), e.children...)
	e.mu.Unlock()
	// reverse start order, the API server last among the processes
	var wg sync.WaitGroup
	for i := len(cs) - 1; i >= 0; i-- {
		c := cs[i]
		if c.name == "kube-apiserver" {
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); c.stop(5 * time.Second) }()
	}
	wg.Wait()
	for _, c := range cs {
		if c.name == "kube-apiserver" {
			c.stop(5 * time.Second)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	for _, r := range e.registries {
		_ = r.reg.Shutdown(ctx)
	}
	for _, r := range e.repos {
		_ = r.srv.Shutdown(ctx)
	}
	if e.etcd != nil {
		e.etcd.Close()
	}
	if e.out != "" {
		_ = os.Remove(e.out)
	}
	if !e.keep {
		_ = os.RemoveAll(e.dir)
	} else {
		logf("kept %s", e.dir)
	}
	logf("stopped")
}

func main() {
	if len(os.Args) < 2 || os.Args[1] != "up" {
		fmt.Fprintln(os.Stderr, "usage: testenv up --bin DIR --kwok PATH [--dir DIR] [--out FILE] [--charts DIR] [--keep] [--watch-stdin]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	bin := fs.String("bin", "", "directory with kube-apiserver, kube-controller-manager, kube-scheduler")
	kwokBin := fs.String("kwok", "", "path of the kwok binary")
	dir := fs.String("dir", "", "working directory (default: a new temp dir, removed on exit)")
	out := fs.String("out", "", "write the endpoints JSON here (default: <dir>/endpoints.json)")
	charts := fs.String("charts", "", "directory of fixture chart directories to package and publish")
	keep := fs.Bool("keep", false, "keep the working directory on exit")
	noCluster := fs.Bool("no-cluster", false, "start only the registries and chart repositories")
	watchStdin := fs.Bool("watch-stdin", false, "shut down when stdin is closed")
	k8sVersion := fs.String("k8s-version", "", "expected Kubernetes version (informational)")
	timeout := fs.Duration("timeout", 3*time.Minute, "give up if not ready within this time")
	must(fs.Parse(os.Args[2:]))
	if !*noCluster && (*bin == "" || *kwokBin == "") {
		fmt.Fprintln(os.Stderr, "--bin and --kwok are required")
		os.Exit(2)
	}

	e := &env{keep: *keep, failed: make(chan string, 1)}
	removeStaleDirs()
	if *dir == "" {
		d, err := os.MkdirTemp("", "helm-sdk-testenv-")
		must(err)
		e.dir = d
	} else {
		if ents, err := os.ReadDir(*dir); err == nil && len(ents) > 0 {
			fmt.Fprintf(os.Stderr, "--dir %s is not empty\n", *dir)
			os.Exit(2)
		}
		must(os.MkdirAll(*dir, 0o755))
		e.dir = *dir
		e.keep = true // never delete a directory the caller named
	}
	must(os.WriteFile(filepath.Join(e.dir, "launcher.pid"), fmt.Appendf(nil, "%d\n", os.Getpid()), 0o644))
	e.logDir = filepath.Join(e.dir, "logs")
	must(os.MkdirAll(e.logDir, 0o755))
	e.out = *out
	if e.out == "" {
		e.out = filepath.Join(e.dir, "endpoints.json")
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ctx, cancel := context.WithCancelCause(ctx)
	if *watchStdin {
		go e.serveControl(ctx, os.Stdin, func() { cancel(errors.New("stdin closed")) })
	}
	go func() {
		select {
		case msg := <-e.failed:
			cancel(errors.New(msg))
		case <-ctx.Done():
		}
	}()

	code := 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				logf("error: %v", r)
				code = 1
			}
		}()
		ep, err := e.up(ctx, *bin, *kwokBin, *charts, *k8sVersion, *timeout, *noCluster)
		if err != nil {
			logf("error: %v", err)
			code = 1
			return
		}
		b, _ := json.MarshalIndent(ep, "", "  ")
		tmp := e.out + ".tmp"
		must(os.WriteFile(tmp, b, 0o600))
		must(os.Rename(tmp, e.out))
		logf("ready in %.1fs; endpoints in %s", ep.ReadySeconds, e.out)
		printLine(e.out)
		<-ctx.Done()
		if c := context.Cause(ctx); c != nil && !errors.Is(c, context.Canceled) {
			logf("stopping: %v", c)
			if strings.Contains(c.Error(), "unexpectedly") {
				code = 1
			}
		}
	}()
	e.shutdown()
	os.Exit(code)
}

func (e *env) up(ctx context.Context, bin, kwokBin, chartsDir, k8sVersion string, timeout time.Duration, noCluster bool) (*endpoints, error) {
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	defer cancelT()
	pki := filepath.Join(e.dir, "pki")
	must(os.MkdirAll(pki, 0o700))
	pub := e.startPublishing(ctx, pki, chartsDir)
	ep := &endpoints{Version: 1, FailAnnotation: failureAnno, Dir: e.dir, LogDir: e.logDir, StartedAt: t0.UTC().Format(time.RFC3339)}
	if !noCluster {
		if err := e.startCluster(ctx, bin, kwokBin, k8sVersion, pki, ep); err != nil {
			return nil, err
		}
	}
	<-pub.done
	if pub.err != nil {
		return nil, fmt.Errorf("registries/repositories: %w", pub.err)
	}
	logf("registries and chart repositories ready (%d fixture charts)", len(pub.charts))
	ep.Registries, ep.Repos, ep.Charts = pub.regs, pub.repos, pub.charts
	ep.Pids = map[string]int{"launcher": os.Getpid()}
	for _, c := range e.children {
		ep.Pids[c.name] = c.pid()
	}
	ep.ReadySeconds = float64(time.Since(t0).Milliseconds()) / 1000
	return ep, nil
}

type publishing struct {
	done   chan struct{}
	err    error
	charts []chartRef
	regs   map[string]registryEndpoint
	repos  map[string]repoEndpoint
}

// startPublishing packages the fixture charts and starts the registries and repositories in the
// background, while the cluster comes up.
func (e *env) startPublishing(ctx context.Context, pki, chartsDir string) *publishing {
	p := &publishing{done: make(chan struct{}), regs: map[string]registryEndpoint{}, repos: map[string]repoEndpoint{}}
	go func() {
		defer close(p.done)
		defer func() {
			if r := recover(); r != nil {
				p.err = fmt.Errorf("%v", r)
			}
		}()
		p.err = e.publish(ctx, pki, chartsDir, p)
	}()
	return p
}

func (e *env) publish(ctx context.Context, pki, chartsDir string, p *publishing) error {
	repoDir := filepath.Join(e.dir, "repo")
	must(os.MkdirAll(repoDir, 0o755))
	cl, err := packageCharts(chartsDir, repoDir)
	if err != nil {
		return err
	}
	p.charts = cl
	if p.charts == nil {
		p.charts = []chartRef{}
	}
	if err := writeIndex(repoDir); err != nil {
		return err
	}
	fsrv := http.FileServer(http.Dir(repoDir))
	errLog := log.New(io.Discard, "", 0)
	if f, err := os.Create(filepath.Join(e.logDir, "repos.log")); err == nil {
		errLog = log.New(f, "", log.LstdFlags)
	}
	plain, err := startRepo(errLog, fsrv, nil, nil)
	if err != nil {
		return err
	}
	e.addRepo(plain)
	auth, err := startRepo(errLog, basicAuth(repoUser, repoPass, fsrv), nil, nil)
	if err != nil {
		return err
	}
	e.addRepo(auth)
	rca := newCA(pki, "repo-ca")
	rc, rk, _, _ := rca.issue(pki, "repo-tls", "127.0.0.1", nil, true, []string{"127.0.0.1", "localhost"})
	cert, err := tls.LoadX509KeyPair(rc, rk)
	if err != nil {
		return err
	}
	tlsRepo, err := startRepo(errLog, fsrv, &cert, nil)
	if err != nil {
		return err
	}
	e.addRepo(tlsRepo)
	// Mutual TLS: the same server certificate, and a client certificate signed by the same CA is
	// required (tls.RequireAndVerifyClientCert); the client pair is written for the tests.
	clientCAs := x509.NewCertPool()
	clientCAs.AddCert(rca.cert)
	clientCert, clientKey, _, _ := rca.issue(pki, "repo-client", "helm-sdk-testenv-client", nil, false, nil)
	mtlsRepo, err := startRepo(errLog, fsrv, &cert, clientCAs)
	if err != nil {
		return err
	}
	e.addRepo(mtlsRepo)
	p.repos["plain"] = repoEndpoint{URL: plain.url}
	p.repos["auth"] = repoEndpoint{URL: auth.url, Username: repoUser, Password: repoPass}
	p.repos["tls"] = repoEndpoint{URL: tlsRepo.url, CAFile: rca.file}
	p.repos["mtls"] = repoEndpoint{URL: mtlsRepo.url, CAFile: rca.file, CertFile: clientCert, KeyFile: clientKey}

	quietRegistries(e.logDir)
	open, err := startRegistry(ctx, pki, "registry-open", "", "", "", "")
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	e.addRegistry(open)
	authReg, err := startRegistry(ctx, pki, "registry-auth", registryUser, registryPass, "", "")
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	e.addRegistry(authReg)
	// TLS with a CA of its own (not the repositories'), and htpasswd auth.
	gca := newCA(pki, "registry-ca")
	gc, gk, _, _ := gca.issue(pki, "registry-tls", "127.0.0.1", nil, true, []string{"127.0.0.1", "localhost"})
	tlsReg, err := startRegistry(ctx, pki, "registry-tls", registryUser, tlsRegistryPass, gc, gk)
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	e.addRegistry(tlsReg)
	p.regs["open"] = registryEndpoint{Host: open.host, URL: "oci://" + open.host, PlainHTTP: true}
	p.regs["auth"] = registryEndpoint{Host: authReg.host, URL: "oci://" + authReg.host, PlainHTTP: true, Username: registryUser, Password: registryPass}
	p.regs["tls"] = registryEndpoint{Host: tlsReg.host, URL: "oci://" + tlsReg.host, Username: registryUser, Password: tlsRegistryPass, CAFile: gca.file}
	if err := pushCharts(open.host, "", "", "", filepath.Join(e.dir, "registry-config.json"), cl); err != nil {
		return err
	}
	if err := pushCharts(authReg.host, registryUser, registryPass, "", filepath.Join(e.dir, "registry-config.json"), cl); err != nil {
		return err
	}
	return pushCharts(tlsReg.host, registryUser, tlsRegistryPass, gca.file, filepath.Join(e.dir, "registry-config.json"), cl)
}

func (e *env) addRepo(r *repoServer) {
	e.mu.Lock()
	e.repos = append(e.repos, r)
	e.mu.Unlock()
}

func (e *env) addRegistry(r *ociRegistry) {
	e.mu.Lock()
	e.registries = append(e.registries, r)
	e.mu.Unlock()
}

func (e *env) startCluster(ctx context.Context, bin, kwokBin, k8sVersion, pki string, ep *endpoints) error {

	// etcd, embedded
	etcdURL, err := e.startEtcd()
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	logf("etcd ready at %s", etcdURL)

	// PKI
	kca := newCA(pki, "ca")
	apiPort := freePort()
	apiServer := fmt.Sprintf("https://127.0.0.1:%d", apiPort)
	srvCert, srvKey, _, _ := kca.issue(pki, "apiserver", "kube-apiserver", nil, true,
		[]string{"127.0.0.1", "localhost", "10.0.0.1", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"})
	_, _, adminCert, adminKey := kca.issue(pki, "admin", "admin", []string{"system:masters"}, false, nil)
	saPub, saKey := serviceAccountKeys(pki)
	caPEM, _ := os.ReadFile(kca.file)
	kubeconfig := filepath.Join(e.dir, "kubeconfig")
	kc := clientcmdapi.NewConfig()
	kc.Clusters["testenv"] = &clientcmdapi.Cluster{Server: apiServer, CertificateAuthorityData: caPEM}
	kc.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificateData: adminCert, ClientKeyData: adminKey}
	kc.Contexts["testenv"] = &clientcmdapi.Context{Cluster: "testenv", AuthInfo: "admin", Namespace: "default"}
	kc.CurrentContext = "testenv"
	must(clientcmd.WriteToFile(*kc, kubeconfig))

	// kube-apiserver
	apiArgs := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", apiPort),
		"--tls-cert-file=" + srvCert, "--tls-private-key-file=" + srvKey,
		"--client-ca-file=" + kca.file,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + saPub,
		"--service-account-signing-key-file=" + saKey,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
		"--cert-dir=" + filepath.Join(e.dir, "apiserver-certs"),
		"--v=1",
	}
	api, err := startChild("kube-apiserver", e.logDir, filepath.Join(bin, "kube-apiserver"), apiArgs...)
	if err != nil {
		return err
	}
	e.add(api)
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = 100, 200
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	if err := waitReady(ctx, api, cs); err != nil {
		return err
	}
	sv, err := cs.Discovery().ServerVersion()
	if err != nil {
		return err
	}
	logf("kube-apiserver ready at %s (%s)", apiServer, sv.GitVersion)
	if k8sVersion != "" && sv.GitVersion != k8sVersion {
		logf("warning: server says %s, expected %s", sv.GitVersion, k8sVersion)
	}

	// controllers, scheduler, kwok
	kcm, err := startChild("kube-controller-manager", e.logDir, filepath.Join(bin, "kube-controller-manager"),
		"--kubeconfig="+kubeconfig,
		"--authentication-kubeconfig="+kubeconfig,
		"--authorization-kubeconfig="+kubeconfig,
		"--leader-elect=false",
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", freePort()),
		"--service-account-private-key-file="+saKey,
		"--root-ca-file="+kca.file,
		"--use-service-account-credentials=false",
		"--cluster-name=helm-sdk-testenv",
		"--concurrent-deployment-syncs=5",
		"--node-monitor-grace-period=1h",
		"--v=1",
	)
	if err != nil {
		return err
	}
	e.add(kcm)
	sched, err := startChild("kube-scheduler", e.logDir, filepath.Join(bin, "kube-scheduler"),
		"--kubeconfig="+kubeconfig,
		"--authentication-kubeconfig="+kubeconfig,
		"--authorization-kubeconfig="+kubeconfig,
		"--leader-elect=false",
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", freePort()),
		"--v=1",
	)
	if err != nil {
		return err
	}
	e.add(sched)
	stagesFile := filepath.Join(e.dir, "kwok-stages.yaml")
	must(os.WriteFile(stagesFile, kwokStages, 0o644))
	kwok, err := startChild("kwok", e.logDir, kwokBin,
		"--kubeconfig="+kubeconfig,
		"--config="+stagesFile,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
		"--node-ip=10.0.1.1",
		"--cidr=10.0.2.0/24",
		"--node-lease-duration-seconds=40",
		fmt.Sprintf("--server-address=127.0.0.1:%d", freePort()),
	)
	if err != nil {
		return err
	}
	e.add(kwok)

	// the fake node
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:        nodeName,
			Annotations: map[string]string{"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
			Labels: map[string]string{
				"kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
				"kubernetes.io/role": "agent", "node-role.kubernetes.io/agent": "", "type": "kwok",
			},
		},
		Status: corev1.NodeStatus{
			Capacity: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse("64"), corev1.ResourceMemory: resource.MustParse("256Gi"),
				corev1.ResourcePods: resource.MustParse("250"),
			},
			Allocatable: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse("64"), corev1.ResourceMemory: resource.MustParse("256Gi"),
				corev1.ResourcePods: resource.MustParse("250"),
			},
		},
	}
	if _, err := cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create node: %w", err)
	}
	if err := poll(ctx, 100*time.Millisecond, func() (bool, error) {
		n, err := cs.CoreV1().Nodes().Get(ctx, nodeName, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		for _, c := range n.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
				return true, nil
			}
		}
		return false, nil
	}); err != nil {
		return fmt.Errorf("waiting for node %s to be Ready: %w\nkwok log:\n%s", nodeName, err, kwok.tail(20))
	}
	logf("node %s Ready", nodeName)
	if err := poll(ctx, 100*time.Millisecond, func() (bool, error) {
		_, err := cs.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	}); err != nil {
		return fmt.Errorf("waiting for service account default/default: %w\nkube-controller-manager log:\n%s", err, kcm.tail(20))
	}
	logf("service account default/default exists")
	ep.Kubeconfig, ep.APIServer, ep.KubernetesVersion, ep.Context, ep.Node = kubeconfig, apiServer, sv.GitVersion, "testenv", nodeName
	e.mu.Lock()
	e.apiSpec = &apiServerSpec{bin: filepath.Join(bin, "kube-apiserver"), args: apiArgs, client: cs}
	e.mu.Unlock()
	return nil
}

func (e *env) startEtcd() (string, error) {
	cfg := embed.NewConfig()
	cfg.Name = "testenv"
	cfg.Dir = filepath.Join(e.dir, "etcd")
	cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", freePort()))
	pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", freePort()))
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{filepath.Join(e.logDir, "etcd.log")}
	ee, err := embed.StartEtcd(cfg)
	if err != nil {
		return "", err
	}
	e.etcd = ee
	select {
	case <-ee.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		return "", errors.New("etcd not ready after 60s")
	}
	return cu.String(), nil
}

// removeStaleDirs deletes temp dirs of earlier launchers that were SIGKILLed (their pid is gone).
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "helm-sdk-testenv-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "launcher.pid"))
		if err != nil {
			continue
		}
		var pid int
		if _, err := fmt.Sscanf(string(b), "%d", &pid); err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			_ = os.RemoveAll(d)
		}
	}
}

func poll(ctx context.Context, every time.Duration, f func() (bool, error)) error {
	for {
		ok, err := f()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(every):
		}
	}
}
