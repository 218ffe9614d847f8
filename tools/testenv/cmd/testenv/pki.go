package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// ca is a self-signed certificate authority kept in memory and written to dir.
type ca struct {
	cert *x509.Certificate
	key  crypto.Signer
	file string
}

func newKey() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	return k
}

func writePEM(path, typ string, der []byte) {
	must(os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600))
}

func keyPEM(k *ecdsa.PrivateKey) []byte {
	der, err := x509.MarshalECPrivateKey(k)
	must(err)
	return pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	must(err)
	return n
}

func newCA(dir, name string) *ca {
	k := newKey()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	must(err)
	c, err := x509.ParseCertificate(der)
	must(err)
	file := filepath.Join(dir, name+".crt")
	writePEM(file, "CERTIFICATE", der)
	return &ca{cert: c, key: k, file: file}
}

// issue writes <dir>/<name>.crt and .key and returns their paths and PEM contents.
func (c *ca) issue(dir, name, cn string, orgs []string, server bool, hosts []string) (certFile, keyFile string, certPEM, keyPEMBytes []byte) {
	k := newKey()
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: cn, Organization: orgs},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		for _, h := range hosts {
			if ip := net.ParseIP(h); ip != nil {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			} else {
				tmpl.DNSNames = append(tmpl.DNSNames, h)
			}
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, k.Public(), c.key)
	must(err)
	certFile = filepath.Join(dir, name+".crt")
	keyFile = filepath.Join(dir, name+".key")
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEMBytes = keyPEM(k)
	must(os.WriteFile(certFile, certPEM, 0o600))
	must(os.WriteFile(keyFile, keyPEMBytes, 0o600))
	return
}

// serviceAccountKeys writes an ECDSA key pair for signing and verifying service account tokens.
func serviceAccountKeys(dir string) (pub, priv string) {
	k := newKey()
	priv = filepath.Join(dir, "sa.key")
	must(os.WriteFile(priv, keyPEM(k), 0o600))
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	must(err)
	pub = filepath.Join(dir, "sa.pub")
	writePEM(pub, "PUBLIC KEY", der)
	return
}
