package server

import (
	"bytes"
	"io"
	"log/slog"
)

// quiet keeps expected protocol errors and panics out of the test output.
var quiet = slog.New(slog.DiscardHandler)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
