package methods

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
	"helm.sh/helm/v4/pkg/chart/v2/loader"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// keyPaths decodes one msgpack value and lists every map key as a dotted path, in wire order.
func keyPaths(t *testing.T, dec *msgpack.Decoder, prefix string, out *[]string) {
	t.Helper()
	c, err := dec.PeekCode()
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case msgpcode.IsFixedMap(c) || c == msgpcode.Map16 || c == msgpcode.Map32:
		n, err := dec.DecodeMapLen()
		if err != nil {
			t.Fatal(err)
		}
		for range n {
			k, err := dec.DecodeString()
			if err != nil {
				t.Fatal(err)
			}
			*out = append(*out, prefix+k)
			keyPaths(t, dec, prefix+k+".", out)
		}
	case msgpcode.IsFixedArray(c) || c == msgpcode.Array16 || c == msgpcode.Array32:
		n, err := dec.DecodeArrayLen()
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			keyPaths(t, dec, fmt.Sprintf("%s%d.", prefix, i), out)
		}
	default:
		if err := dec.Skip(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOrderedValues_FileOrder(t *testing.T) {
	// Keys deliberately out of alphabetical order at every level, an anchor merged with <<, a list
	// of maps, and a second document that adds a key and extends a map (LoadValues merges them).
	file := `zeta: 1
alpha:
  yankee: true
  bravo: [1, 2]
  mike: &m
    zulu: z
    alpha: a
middle:
  <<: *m
  own: x
list:
  - name: n
    image: i
  - zz: 1
    aa: 2
beta: null
---
omega: last
alpha:
  charlie: c
`
	vals, err := loader.LoadValues(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"zeta", "alpha", "alpha.yankee", "alpha.bravo", "alpha.mike", "alpha.mike.zulu", "alpha.mike.alpha",
		"alpha.charlie", "middle", "middle.zulu", "middle.alpha", "middle.own", "list", "list.0.name", "list.0.image",
		"list.1.zz", "list.1.aa", "beta", "omega"}
	// Go randomises map iteration per range statement, so 20 encodings of a map[string]any would
	// almost surely differ; every one of these must be the file's order.
	for i := range 20 {
		data, err := protocol.Marshal(&ChartLoadResult{Values: OrderedValues{Map: vals, order: valuesOrder([]byte(file))}})
		if err != nil {
			t.Fatal(err)
		}
		var all map[string]msgpack.RawMessage
		if err := msgpack.Unmarshal(data, &all); err != nil {
			t.Fatal(err)
		}
		var got []string
		keyPaths(t, msgpack.NewDecoder(bytes.NewReader(all["values"])), "", &got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("encoding %d: keys %v\nwant %v", i, got, want)
		}
	}
	// The values are Helm's, unchanged: decoding the ordered encoding gives the same tree.
	data, _ := protocol.Marshal(OrderedValues{Map: vals, order: valuesOrder([]byte(file))})
	plain, _ := protocol.Marshal(vals)
	var a, b any
	if msgpack.Unmarshal(data, &a) != nil || msgpack.Unmarshal(plain, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Fatalf("ordered encoding changed the values: %v vs %v", a, b)
	}
}

func TestOrderedValues_NoFileOrder(t *testing.T) {
	// No values.yaml (or one yaml.v3 cannot read): sorted keys, and an empty map for nil values.
	data, err := protocol.Marshal(OrderedValues{Map: map[string]any{"b": 1, "a": map[string]any{"d": 1, "c": 2}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	keyPaths(t, msgpack.NewDecoder(bytes.NewReader(data)), "", &got)
	if want := []string{"a", "a.c", "a.d", "b"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	if data, _ := protocol.Marshal(OrderedValues{}); !bytes.Equal(data, []byte{0x80}) {
		t.Fatalf("nil values encode as % x, want an empty map", data)
	}
}
