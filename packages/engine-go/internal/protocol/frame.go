// Package protocol is the Go half of the helm-sdk engine wire protocol (PROTOCOL.md, version 1.0).
// Its TypeScript twin is packages/core/src/protocol/. Both describe the same frames and messages:
//
//	frame   = uint32 big-endian length N, then N bytes holding one msgpack map
//	hello   = {hello: {protocol, engine, helm, go, pid, maxFrame}}   engine -> host, first frame
//	request = {id, method, params}                                     host -> engine
//	cancel  = {cancel: id}                                             host -> engine
//	result  = {id, result} | {id, error: {code, message, details}}     engine -> host
//	event   = {id, event: {type, ...}}                                 engine -> host
//
// This file is the framing layer: it knows lengths and bytes, nothing about messages.
package protocol

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
)

// DefaultMaxFrame is the largest frame either side accepts unless HELM_SDK_MAX_FRAME says
// otherwise (64 MiB: large enough for any chart archive a user would send inline).
const DefaultMaxFrame = 64 << 20

// headerSize is the size of the length prefix.
const headerSize = 4

// ErrFrameTooLarge is returned (wrapped) by FrameReader.Read when a length prefix exceeds the
// maximum. Nothing is allocated for such a frame: a corrupt or hostile prefix must not make the
// engine reserve gigabytes.
var ErrFrameTooLarge = errors.New("frame too large")

// MaxFrameFromEnv returns the frame limit from HELM_SDK_MAX_FRAME, or DefaultMaxFrame when the
// variable is unset or not a positive integer.
func MaxFrameFromEnv() int {
	if v := os.Getenv("HELM_SDK_MAX_FRAME"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return DefaultMaxFrame
}

// FrameReader reads length-prefixed frames from a stream. It is not safe for concurrent use;
// the server has exactly one reading goroutine.
type FrameReader struct {
	r        io.Reader
	maxFrame int
	header   [headerSize]byte
}

// NewFrameReader returns a reader that refuses frames longer than maxFrame bytes.
func NewFrameReader(r io.Reader, maxFrame int) *FrameReader {
	return &FrameReader{r: r, maxFrame: maxFrame}
}

// Read returns the payload of the next frame. The slice is freshly allocated, so callers may
// keep it (decoded []byte values alias it). It returns io.EOF at a clean end of stream and also
// for a frame cut off by EOF: a host that dies mid-write is simply gone (PROTOCOL.md).
func (fr *FrameReader) Read() ([]byte, error) {
	if _, err := io.ReadFull(fr.r, fr.header[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, io.EOF
		}
		return nil, err
	}
	n := binary.BigEndian.Uint32(fr.header[:])
	if uint64(n) > uint64(fr.maxFrame) {
		return nil, fmt.Errorf("%w: %d bytes, the maximum is %d", ErrFrameTooLarge, n, fr.maxFrame)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(fr.r, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, io.EOF
		}
		return nil, err
	}
	return buf, nil
}

// FrameWriter writes length-prefixed frames. Write is safe for concurrent use, although the
// server funnels all writes through one goroutine anyway.
type FrameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewFrameWriter wraps w.
func NewFrameWriter(w io.Writer) *FrameWriter { return &FrameWriter{w: w} }

// Write writes one frame holding payload. Header and payload go out in a single Write call so a
// pipe reader never sees a header without its body because of interleaving.
func (fw *FrameWriter) Write(payload []byte) error {
	if uint64(len(payload)) > uint64(^uint32(0)) {
		return fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, len(payload))
	}
	buf := make([]byte, headerSize+len(payload))
	binary.BigEndian.PutUint32(buf, uint32(len(payload)))
	copy(buf[headerSize:], payload)
	fw.mu.Lock()
	defer fw.mu.Unlock()
	_, err := fw.w.Write(buf)
	return err
}

// AppendFrame returns payload with its length prefix, for tests and tools that build raw streams.
func AppendFrame(dst, payload []byte) []byte {
	var h [headerSize]byte
	binary.BigEndian.PutUint32(h[:], uint32(len(payload)))
	return append(append(dst, h[:]...), payload...)
}
