// Package enginetest is a minimal host for Go tests: it writes requests to an engine's input and
// reads hello, events and responses from its output, over pipes or a real child process.
package enginetest

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// Message is any engine -> host message, decoded loosely for assertions.
type Message struct {
	ID     uint64               `msgpack:"id"`
	Hello  *protocol.EngineInfo `msgpack:"hello"`
	Result msgpack.RawMessage   `msgpack:"result"`
	Error  *protocol.Error      `msgpack:"error"`
	Event  *protocol.Event      `msgpack:"event"`
	// HasResult is set when the "result" key was present.
	HasResult bool `msgpack:"-"`
}

// Client talks to one engine.
type Client struct {
	W    io.Writer
	msgs chan *Message
	errs chan error
}

// New starts reading frames from r in the background.
func New(w io.Writer, r io.Reader) *Client {
	c := &Client{W: w, msgs: make(chan *Message, 1024), errs: make(chan error, 1)}
	go func() {
		fr := protocol.NewFrameReader(r, protocol.DefaultMaxFrame)
		for {
			payload, err := fr.Read()
			if err != nil {
				c.errs <- err
				close(c.msgs)
				return
			}
			var m Message
			if err := msgpack.Unmarshal(payload, &m); err != nil {
				c.errs <- fmt.Errorf("decode %x: %w", payload, err)
				close(c.msgs)
				return
			}
			var keys map[string]msgpack.RawMessage
			_ = msgpack.Unmarshal(payload, &keys)
			_, m.HasResult = keys["result"]
			c.msgs <- &m
		}
	}()
	return c
}

// Send writes one message as a frame.
func (c *Client) Send(v any) error {
	data, err := protocol.Marshal(v)
	if err != nil {
		return err
	}
	_, err = c.W.Write(protocol.AppendFrame(nil, data))
	return err
}

// Request sends {id, method, params}.
func (c *Client) Request(id uint64, method string, params any) error {
	return c.Send(map[string]any{"id": id, "method": method, "params": params})
}

// Next returns the next message, or an error at end of stream or after timeout.
func (c *Client) Next(timeout time.Duration) (*Message, error) {
	select {
	case m, ok := <-c.msgs:
		if !ok {
			return nil, <-c.errs
		}
		return m, nil
	case <-time.After(timeout):
		return nil, fmt.Errorf("no message within %v", timeout)
	}
}

// Response skips events and returns the response for id (other ids' responses are an error).
func (c *Client) Response(id uint64, timeout time.Duration) (*Message, []*protocol.Event, error) {
	var events []*protocol.Event
	deadline := time.Now().Add(timeout)
	for {
		m, err := c.Next(time.Until(deadline))
		if err != nil {
			return nil, events, err
		}
		if m.ID != id {
			return nil, events, fmt.Errorf("got message for id %d while waiting for %d", m.ID, id)
		}
		if m.Event != nil {
			events = append(events, m.Event)
			continue
		}
		return m, events, nil
	}
}

// Call sends a request and decodes its result into out (a pointer), or returns its error.
func (c *Client) Call(id uint64, method string, params, out any) error {
	if err := c.Request(id, method, params); err != nil {
		return err
	}
	m, _, err := c.Response(id, 60*time.Second)
	if err != nil {
		return err
	}
	if m.Error != nil {
		return m.Error
	}
	if out == nil {
		return nil
	}
	dec := msgpack.NewDecoder(bytes.NewReader(m.Result))
	return dec.Decode(out)
}
