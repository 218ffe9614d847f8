package protocol

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"helm.sh/helm/v4/pkg/storage/driver"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want Code
	}{
		{context.Canceled, CodeCancelled},
		{fmt.Errorf("wait: %w", context.DeadlineExceeded), CodeTimeout},
		{fmt.Errorf("query: %w", driver.ErrReleaseNotFound), CodeReleaseNotFound},
		{driver.ErrReleaseExists, CodeReleaseExists},
		{fmt.Errorf("open: %w", fs.ErrNotExist), CodeChartNotFound},
		{errors.New("another operation (install/upgrade/rollback) is in progress"), CodeOperationInProgress},
		{errors.New("values don't meet the specifications of the schema(s) in the following chart(s):\nx"), CodeSchemaValidation},
		{fmt.Errorf("outer: %w", Errorf(CodeInvalidValues, "set", "bad")), CodeInvalidValues},
		// kube.Client.IsReachable's wording in Helm v4.
		{fmt.Errorf("kubernetes cluster unreachable: %w", errors.New("dial tcp 127.0.0.1:1: connect: connection refused")), CodeKubeUnreachable},
		{errors.New("boom"), CodeInternal},
	}
	for _, tt := range tests {
		got := Classify(tt.err)
		if got.Code != tt.want {
			t.Errorf("Classify(%q) = %s, want %s", tt.err, got.Code, tt.want)
		}
		if _, ok := got.Details["input"]; !ok {
			t.Errorf("Classify(%q): details without input", tt.err)
		}
		if got.Message != tt.err.Error() {
			t.Errorf("Classify(%q): message %q", tt.err, got.Message)
		}
	}
}
