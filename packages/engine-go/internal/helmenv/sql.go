package helmenv

// Driver sql: Helm's PostgreSQL release store, with the connection string from the settings
// instead of the process environment (HELM_DRIVER_SQL_CONNECTION_STRING).
//
// Helm's driver.NewSQL opens a connection pool, pings it and runs its schema migrations, and the
// driver has no Close. Built per request, as the other drivers are, every request would leave a
// pool of open connections behind and a busy engine would exhaust the server's max_connections.
// So the engine keeps one driver per connection string and namespace (the driver is bound to a
// namespace), for its lifetime, and serialises the calls on each: Helm's SQL driver rewrites its
// namespace field inside Create and Update, which concurrent requests must not race on.

import (
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"helm.sh/helm/v4/pkg/release"
	"helm.sh/helm/v4/pkg/storage/driver"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

var sqlDrivers = struct {
	sync.Mutex
	m map[[2]string]*lockedDriver
}{m: map[[2]string]*lockedDriver{}}

// sqlDriver returns the engine's SQL store for connection and namespace, connecting on first use.
// Its errors never contain the connection string's password.
func sqlDriver(connection, namespace string) (driver.Driver, error) {
	sqlDrivers.Lock()
	defer sqlDrivers.Unlock()
	key := [2]string{connection, namespace}
	if d, ok := sqlDrivers.m[key]; ok {
		return d, nil
	}
	d, err := driver.NewSQL(connection, namespace)
	if err != nil {
		return nil, sqlError(connection, err)
	}
	locked := &lockedDriver{d: d}
	sqlDrivers.m[key] = locked
	return locked, nil
}

// sqlError classifies a failed connection: a server that cannot be reached is KUBE_UNREACHABLE
// (the release store is as unreachable as a cluster would be for the secret driver); anything
// else (a malformed string, a refused login, a missing database) is the setting's fault. The
// password is cut out of the message: lib/pq's URL parse errors quote the whole string.
func sqlError(connection string, err error) error {
	msg := scrubSecret(err.Error(), connectionPassword(connection))
	// *net.OpError, not net.Error: a URL parse error (*url.Error) is a net.Error too.
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return protocol.Errorf(protocol.CodeKubeUnreachable, "sqlConnectionString", "driver sql: cannot reach the database: %s", msg)
	}
	return protocol.Errorf(protocol.CodeInvalidArgument, "sqlConnectionString", "driver sql: cannot use sqlConnectionString: %s", msg)
}

// connectionPassword extracts the password of a URL (postgres://user:pw@host) or key=value
// (password=pw) connection string, "" when there is none.
func connectionPassword(connection string) string {
	if m := sqlURLPassword.FindStringSubmatch(connection); m != nil {
		return m[1]
	}
	if m := sqlDSNPassword.FindStringSubmatch(connection); m != nil {
		return strings.Trim(m[1], "'")
	}
	return ""
}

var (
	sqlURLPassword = regexp.MustCompile(`://[^:/@\s]*:([^@\s]+)@`)
	sqlDSNPassword = regexp.MustCompile(`(?i)\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)
)

// scrubSecret replaces secret in msg, in the form given and percent-decoded (a URL's password
// may be encoded, and a driver may report it decoded).
func scrubSecret(msg, secret string) string {
	if secret == "" {
		return msg
	}
	msg = strings.ReplaceAll(msg, secret, "***")
	if decoded, err := url.PathUnescape(secret); err == nil && decoded != "" {
		msg = strings.ReplaceAll(msg, decoded, "***")
	}
	return msg
}

// lockedDriver serialises the calls on a shared driver (see the file comment).
type lockedDriver struct {
	mu sync.Mutex
	d  driver.Driver
}

func (l *lockedDriver) Name() string { return l.d.Name() }

func (l *lockedDriver) Create(key string, rls release.Releaser) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d.Create(key, rls)
}

func (l *lockedDriver) Update(key string, rls release.Releaser) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d.Update(key, rls)
}

func (l *lockedDriver) Delete(key string) (release.Releaser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d.Delete(key)
}

func (l *lockedDriver) Get(key string) (release.Releaser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d.Get(key)
}

func (l *lockedDriver) List(filter func(release.Releaser) bool) ([]release.Releaser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d.List(filter)
}

func (l *lockedDriver) Query(labels map[string]string) ([]release.Releaser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d.Query(labels)
}
