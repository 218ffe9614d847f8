package protocol

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestFrameReader_SplitAndJoinedFrames(t *testing.T) {
	payloads := [][]byte{[]byte("a"), {}, bytes.Repeat([]byte("x"), 70000), []byte("last")}
	var stream []byte
	for _, p := range payloads {
		stream = AppendFrame(stream, p)
	}
	readers := map[string]io.Reader{
		"joined":   bytes.NewReader(stream),
		"one-byte": iotest.OneByteReader(bytes.NewReader(stream)),
		"half":     iotest.HalfReader(bytes.NewReader(stream)),
	}
	for name, r := range readers {
		t.Run(name, func(t *testing.T) {
			fr := NewFrameReader(r, DefaultMaxFrame)
			for i, want := range payloads {
				got, err := fr.Read()
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("frame %d: got %d bytes, want %d", i, len(got), len(want))
				}
			}
			if _, err := fr.Read(); err != io.EOF {
				t.Fatalf("after last frame: got %v, want io.EOF", err)
			}
		})
	}
}

func TestFrameReader_OversizeFrameIsRefusedWithoutAllocating(t *testing.T) {
	// A 4 GiB length prefix and no body: the reader must refuse it from the header alone.
	fr := NewFrameReader(bytes.NewReader([]byte{0xff, 0xff, 0xff, 0xff}), 1024)
	_, err := fr.Read()
	if !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("got %v, want ErrFrameTooLarge", err)
	}
	if !IsFatal(err) {
		t.Fatal("oversize frame must be fatal")
	}
}

func TestFrameReader_FrameAtTheLimitIsAccepted(t *testing.T) {
	fr := NewFrameReader(bytes.NewReader(AppendFrame(nil, make([]byte, 16))), 16)
	if _, err := fr.Read(); err != nil {
		t.Fatal(err)
	}
}

func TestFrameReader_TruncatedFrameIsEOF(t *testing.T) {
	full := AppendFrame(nil, []byte("hello"))
	for _, cut := range []int{1, 3, 4, 6} {
		fr := NewFrameReader(bytes.NewReader(full[:cut]), DefaultMaxFrame)
		if _, err := fr.Read(); err != io.EOF {
			t.Errorf("cut at %d: got %v, want io.EOF", cut, err)
		}
	}
}

func TestFrameWriter_WritesHeaderAndBody(t *testing.T) {
	var buf bytes.Buffer
	if err := NewFrameWriter(&buf).Write([]byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if want := []byte{0, 0, 0, 3, 1, 2, 3}; !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got %v, want %v", buf.Bytes(), want)
	}
}
