package methods

import "testing"

func TestRedactConnectionPassword(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://helm:s3cr3t@127.0.0.1:5432/helm?sslmode=disable", "postgres://helm:***@127.0.0.1:5432/helm?sslmode=disable"},
		{"host=db user=helm password=s3cr3t dbname=helm", "host=db user=helm password=*** dbname=helm"},
		{"host=db password='a b\\'c' sslmode=disable", "host=db password=*** sslmode=disable"},
		{"PASSWORD = x", "PASSWORD = ***"},
		{"postgres://helm@db/helm", "postgres://helm@db/helm"},
		{"/home/u/.kube/config", "/home/u/.kube/config"},
		{"https://127.0.0.1:6443", "https://127.0.0.1:6443"},
	} {
		if got := redactConnectionPassword(c.in); got != c.want {
			t.Errorf("redactConnectionPassword(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
