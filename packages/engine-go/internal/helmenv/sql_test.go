package helmenv

import (
	"errors"
	"strings"
	"testing"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func ptr[T any](v T) *T { return &v }

func TestConnectionPassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://helm:s3cr%40t@127.0.0.1:5432/helm?sslmode=disable": "s3cr%40t",
		"host=db user=helm password=pw1 dbname=helm":                     "pw1",
		"host=db user=helm password='p w' dbname=helm":                   "p w",
		"host=db user=helm dbname=helm":                                  "",
	} {
		if got := connectionPassword(in); got != want {
			t.Errorf("connectionPassword(%q) = %q, want %q", in, got, want)
		}
	}
}

// A malformed URL makes lib/pq quote the whole string in its error: the password must not survive,
// in either its encoded or decoded form.
func TestSQLErrorHidesPassword(t *testing.T) {
	conn := "postgres://helm:s3cr%40t@127.0.0.1:notaport/helm"
	_, err := sqlDriver(conn, "default")
	if err == nil {
		t.Fatal("sqlDriver accepted a connection string with a bad port")
	}
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != protocol.CodeInvalidArgument {
		t.Fatalf("error %v: want INVALID_ARGUMENT", err)
	}
	if strings.Contains(err.Error(), "s3cr") {
		t.Fatalf("error leaks the password: %v", err)
	}
	if !strings.Contains(err.Error(), "sqlConnectionString") {
		t.Fatalf("error does not name sqlConnectionString: %v", err)
	}
}

func TestSQLErrorUnreachable(t *testing.T) {
	// Port 1 on loopback: nothing listens there, so the dial is refused at once.
	_, err := sqlDriver("postgres://helm:pw-unreachable@127.0.0.1:1/helm?sslmode=disable&connect_timeout=5", "default")
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != protocol.CodeKubeUnreachable || strings.Contains(err.Error(), "pw-unreachable") {
		t.Fatalf("error %v: want KUBE_UNREACHABLE without the password", err)
	}
}
