package protogen

import (
	"bytes"
	"os"
	"testing"
)

// The TS twin must be regenerated whenever a params or result struct changes.
func TestGeneratedFileIsUpToDate(t *testing.T) {
	onDisk, err := os.ReadFile("../../" + OutputPath)
	if err != nil {
		t.Fatalf("%v: run `go run ./cmd/protogen` in packages/engine-go", err)
	}
	if !bytes.Equal(onDisk, Generate()) {
		t.Fatalf("%s is stale: run `go run ./cmd/protogen` in packages/engine-go", OutputPath)
	}
}
