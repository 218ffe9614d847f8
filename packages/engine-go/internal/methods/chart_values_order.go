package methods

// Key order for chart.load's values. Helm decodes values.yaml into map[string]any, so the order
// of its keys is lost, and Go's map iteration made loadChart().values come back in a different key
// order on every call (issue 11). The values themselves stay Helm's (same types, same merging of
// several YAML documents); only the order in which the engine writes the keys of each map comes
// from the file, read a second time as yaml.v3 nodes, which keep it.

import (
	"bytes"
	"errors"
	"io"
	"sort"

	"github.com/vmihailenco/msgpack/v5"
	"go.yaml.in/yaml/v3"
)

// OrderedValues is a values tree whose maps are encoded in values.yaml's key order.
type OrderedValues struct {
	Map   map[string]any
	order *keyOrder
}

// TSType keeps the generated TS type what the host decodes: a plain object.
func (OrderedValues) TSType() string { return "Record<string, unknown>" }

// EncodeMsgpack writes Map with each map's keys in file order; keys the file does not show
// (none, for values Helm read from that file) follow in sorted order, so output is stable anyway.
func (v OrderedValues) EncodeMsgpack(enc *msgpack.Encoder) error {
	if v.Map == nil {
		return enc.EncodeMapLen(0)
	}
	return encodeOrdered(enc, v.Map, v.order)
}

// keyOrder is the order of one YAML mapping's keys, and of the mappings below it (by key for a
// mapping value, by index for the items of a sequence).
type keyOrder struct {
	keys  []string
	seen  map[string]bool
	sub   map[string]*keyOrder
	items []*keyOrder
}

func newKeyOrder() *keyOrder {
	return &keyOrder{seen: map[string]bool{}, sub: map[string]*keyOrder{}}
}

// valuesOrder reads the key order of a values file. Later documents add their new keys after the
// earlier ones', as Helm's LoadValues merges them. A file that does not parse gives no order (Helm
// has already accepted or rejected it; sorted keys are the fallback).
func valuesOrder(data []byte) *keyOrder {
	order := newKeyOrder()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return order
		}
		if err != nil {
			return order
		}
		if len(doc.Content) > 0 {
			order.add(doc.Content[0])
		}
	}
}

// add records the keys of n (a mapping, through aliases and << merge keys) after those seen.
func (o *keyOrder) add(n *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
			// The merged mapping's keys take the place of the << key.
			if v != nil && v.Kind == yaml.SequenceNode {
				for _, m := range v.Content {
					o.add(m)
				}
			} else {
				o.add(v)
			}
			continue
		}
		if !o.seen[k.Value] {
			o.seen[k.Value] = true
			o.keys = append(o.keys, k.Value)
		}
		if v == nil {
			continue
		}
		switch v.Kind {
		case yaml.MappingNode:
			sub := o.sub[k.Value]
			if sub == nil {
				sub = newKeyOrder()
				o.sub[k.Value] = sub
			}
			sub.add(v)
		case yaml.SequenceNode:
			// A later document replaces a list (MergeMaps does not merge lists): keep the last.
			sub := newKeyOrder()
			for _, item := range v.Content {
				it := newKeyOrder()
				it.add(item)
				sub.items = append(sub.items, it)
			}
			o.sub[k.Value] = sub
		}
	}
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func encodeOrdered(enc *msgpack.Encoder, m map[string]any, o *keyOrder) error {
	keys := make([]string, 0, len(m))
	if o != nil {
		for _, k := range o.keys {
			if _, ok := m[k]; ok {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) < len(m) {
		var rest []string
		for k := range m {
			if o == nil || !o.seen[k] {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		keys = append(keys, rest...)
	}
	if err := enc.EncodeMapLen(len(keys)); err != nil {
		return err
	}
	for _, k := range keys {
		if err := enc.EncodeString(k); err != nil {
			return err
		}
		var sub *keyOrder
		if o != nil {
			sub = o.sub[k]
		}
		if err := encodeValue(enc, m[k], sub); err != nil {
			return err
		}
	}
	return nil
}

func encodeValue(enc *msgpack.Encoder, v any, o *keyOrder) error {
	switch t := v.(type) {
	case map[string]any:
		return encodeOrdered(enc, t, o)
	case []any:
		if err := enc.EncodeArrayLen(len(t)); err != nil {
			return err
		}
		for i, item := range t {
			var itemOrder *keyOrder
			if o != nil && i < len(o.items) {
				itemOrder = o.items[i]
			}
			if err := encodeValue(enc, item, itemOrder); err != nil {
				return err
			}
		}
		return nil
	}
	return enc.Encode(v)
}
