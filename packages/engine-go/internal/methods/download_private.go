package methods

// Downloads that reach their destination only when complete, and only while the caller still
// waits. Helm's getters take no context: a download the caller gave up on (timeout, abort) runs
// on until the server answers or Helm's own HTTP timeout, and Helm then writes what it got (the
// chart archive, the repository index) where it was told to. So chart.pull, repo.add and
// repo.update let Helm write into a private temp directory and move the result into place only
// if the request's context is still live; a rename is atomic, so a reader (or a SIGKILL) never
// sees half a file. Found by the "down mid-pull" tests of issue 7
// (packages/chart/test/pull-faults.integ.test.ts, packages/repo/test/update-faults.integ.test.ts).

import (
	"context"
	"os"
	"path/filepath"

	repo "helm.sh/helm/v4/pkg/repo/v1"
)

// downloadIndex downloads r's index (<name>-index.yaml and <name>-charts.txt) into cacheDir.
func downloadIndex(ctx context.Context, r *repo.ChartRepository, cacheDir string) error {
	tmp, err := os.MkdirTemp("", "helm-sdk-index-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	r.CachePath = tmp
	if _, err := r.DownloadIndexFile(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	return moveInto(tmp, cacheDir)
}

// moveInto moves every file of downloadDir into destDir, each by an atomic rename (through a
// temp file in destDir when the two are on different filesystems).
func moveInto(downloadDir, destDir string) error {
	entries, err := os.ReadDir(downloadDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		from, to := filepath.Join(downloadDir, e.Name()), filepath.Join(destDir, e.Name())
		if err := os.Rename(from, to); err == nil {
			continue
		}
		if err := copyAtomically(from, to); err != nil {
			return err
		}
	}
	return nil
}

func copyAtomically(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	st, err := os.Stat(from)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".tmp-")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), st.Mode().Perm())
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), to)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}
