package methods

// The status column of `helm dependency list`, computed as Helm v4.3.1's pkg/action/dependency.go
// does (dependencyStatus, statArchiveForStatus, printMissing are unexported there, and List only
// prints them into a width-limited table).

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
)

// dependencyStatus is the status of dep of the chart parent at chartpath: first from an archive
// charts/<name>-<version>.tgz (ok, corrupt, misnamed, wrong version, invalid version, too many
// matches), else from the loaded subcharts (unpacked, missing, wrong version, invalid version).
func dependencyStatus(chartpath string, dep *chart.Dependency, parent *chart.Chart) string {
	archives, err := filepath.Glob(filepath.Join(chartpath, "charts", dep.Name+"-*.tgz"))
	switch {
	case err != nil:
		return "bad pattern"
	case len(archives) > 1:
		// Only archives whose name continues with a strict semver count.
		var found []string
		for _, arc := range archives {
			maybeVersion := strings.TrimPrefix(strings.TrimSuffix(filepath.Base(arc), ".tgz"), dep.Name+"-")
			if _, err := semver.StrictNewVersion(maybeVersion); err == nil {
				found = append(found, arc)
			}
		}
		if len(found) == 1 {
			if r := archiveStatus(found[0], dep); r != "" {
				return r
			}
		} else if len(found) > 1 {
			return "too many matches"
		}
	case len(archives) == 1:
		if r := archiveStatus(archives[0], dep); r != "" {
			return r
		}
	}
	var sub *chart.Chart
	for _, item := range parent.Dependencies() {
		if item.Name() == dep.Name {
			sub = item
		}
	}
	if sub == nil {
		return "missing"
	}
	return versionStatus(sub.Metadata.Version, dep.Version, "unpacked")
}

// archiveStatus is statArchiveForStatus: "" when the archive does not exist.
func archiveStatus(archive string, dep *chart.Dependency) string {
	if _, err := os.Stat(archive); err != nil {
		return ""
	}
	c, err := loader.Load(archive)
	if err != nil {
		return "corrupt"
	}
	if c.Name() != dep.Name {
		return "misnamed"
	}
	return versionStatus(c.Metadata.Version, dep.Version, "ok")
}

// versionStatus checks a present chart's version against the dependency's version constraint.
func versionStatus(have, want, good string) string {
	if have == want {
		return good
	}
	constraint, err := semver.NewConstraint(want)
	if err != nil {
		return "invalid version"
	}
	v, err := semver.NewVersion(have)
	if err != nil {
		return "invalid version"
	}
	if !constraint.Check(v) {
		return "wrong version"
	}
	return good
}

// strayDependencies is printMissing: the WARNING lines for entries of charts/ that are not a chart
// or not in Chart.yaml.
func strayDependencies(chartpath string, reqs []*chart.Dependency) []string {
	var out []string
	files, err := filepath.Glob(filepath.Join(chartpath, "charts", "*"))
	if err != nil {
		return []string{err.Error()}
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			// The CLI prints this and then dereferences the nil FileInfo; skip instead.
			out = append(out, fmt.Sprintf("Warning: %s", err))
			continue
		}
		if !fi.IsDir() && filepath.Ext(f) != ".tgz" {
			continue
		}
		c, err := loader.Load(f)
		if err != nil {
			out = append(out, fmt.Sprintf("WARNING: %q is not a chart.", f))
			continue
		}
		found := false
		for _, d := range reqs {
			if d.Name == c.Name() {
				found = true
				break
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("WARNING: %q is not in Chart.yaml.", f))
		}
	}
	return out
}
