// Command protogen writes packages/core/src/protocol/methods.generated.ts from the engine's
// method table. Run it from packages/engine-go after changing a method's params or result:
//
//	go run ./cmd/protogen
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protogen"
)

func main() {
	out := protogen.OutputPath
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(out, protogen.Generate(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", out)
}
