// Command mkimage packs a root filesystem directory into a single-layer image archive in the
// docker-archive format that `ctr images import` reads, so that scripts/local-cluster can build every
// image it needs from registry packages, without an image registry or a container engine.
//
//	mkimage -rootfs DIR -ref NAME:TAG -out FILE.tar [-entrypoint JSON] [-cmd JSON] [-workdir DIR]
//	        [-user UID] [-env K=V]... [-expose PORT/tcp]...
package main

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	rootfs := flag.String("rootfs", "", "root filesystem directory")
	ref := flag.String("ref", "", "image reference, e.g. redis:7.0.15")
	out := flag.String("out", "", "archive to write")
	entrypoint := flag.String("entrypoint", "", "entrypoint as a JSON array")
	cmd := flag.String("cmd", "", "command as a JSON array")
	workdir := flag.String("workdir", "", "working directory")
	user := flag.String("user", "", "user to run as")
	var env, expose multiFlag
	flag.Var(&env, "env", "environment variable K=V (repeatable)")
	flag.Var(&expose, "expose", "exposed port, e.g. 6379/tcp (repeatable)")
	flag.Parse()
	if *rootfs == "" || *ref == "" || *out == "" {
		fail(fmt.Errorf("-rootfs, -ref and -out are required"))
	}
	if err := build(*rootfs, *ref, *out, *entrypoint, *cmd, *workdir, *user, env, expose); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mkimage:", err)
	os.Exit(1)
}

func build(rootfs, ref, out, entrypoint, cmd, workdir, user string, env, expose []string) error {
	layer, err := os.CreateTemp(filepath.Dir(out), "layer-*.tar")
	if err != nil {
		return err
	}
	defer os.Remove(layer.Name())
	digest := sha256.New()
	if err := writeLayer(rootfs, io.MultiWriter(layer, digest)); err != nil {
		return err
	}
	if err := layer.Close(); err != nil {
		return err
	}
	diffID := "sha256:" + hex.EncodeToString(digest.Sum(nil))

	containerConfig := map[string]any{"Env": env}
	if entrypoint != "" {
		var v []string
		if err := json.Unmarshal([]byte(entrypoint), &v); err != nil {
			return fmt.Errorf("-entrypoint: %w", err)
		}
		containerConfig["Entrypoint"] = v
	}
	if cmd != "" {
		var v []string
		if err := json.Unmarshal([]byte(cmd), &v); err != nil {
			return fmt.Errorf("-cmd: %w", err)
		}
		containerConfig["Cmd"] = v
	}
	if workdir != "" {
		containerConfig["WorkingDir"] = workdir
	}
	if user != "" {
		containerConfig["User"] = user
	}
	if len(expose) > 0 {
		ports := map[string]struct{}{}
		for _, p := range expose {
			ports[p] = struct{}{}
		}
		containerConfig["ExposedPorts"] = ports
	}
	config, err := json.Marshal(map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"created":      time.Unix(0, 0).UTC().Format(time.RFC3339),
		"config":       containerConfig,
		"rootfs":       map[string]any{"type": "layers", "diff_ids": []string{diffID}},
	})
	if err != nil {
		return err
	}
	configSum := sha256.Sum256(config)
	configName := hex.EncodeToString(configSum[:]) + ".json"
	layerName := strings.TrimPrefix(diffID, "sha256:") + "/layer.tar"
	manifest, err := json.Marshal([]map[string]any{{
		"Config":   configName,
		"RepoTags": []string{ref},
		"Layers":   []string{layerName},
	}})
	if err != nil {
		return err
	}

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(f)
	if err := addBytes(tw, configName, config); err != nil {
		return err
	}
	if err := addFile(tw, layerName, layer.Name()); err != nil {
		return err
	}
	if err := addBytes(tw, "manifest.json", manifest); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return f.Close()
}

func addBytes(tw *tar.Writer, name string, data []byte) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: time.Unix(0, 0)}); err != nil {
		return err
	}
	_, err := tw.Write(data)
	return err
}

func addFile(tw *tar.Writer, name, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: info.Size(), ModTime: time.Unix(0, 0)}); err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = io.Copy(tw, src)
	return err
}

// writeLayer tars rootfs with owners and modes as they are on disk, in a stable order, with zero times.
func writeLayer(rootfs string, w io.Writer) error {
	var paths []string
	err := filepath.WalkDir(rootfs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != rootfs {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	tw := tar.NewWriter(w)
	for _, path := range paths {
		info, err := os.Lstat(path)
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&os.ModeSymlink != 0 {
			if link, err = os.Readlink(path); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(rootfs, path)
		hdr.Name = filepath.ToSlash(rel)
		if info.IsDir() {
			hdr.Name += "/"
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			hdr.Uid, hdr.Gid = int(st.Uid), int(st.Gid)
		}
		hdr.Uname, hdr.Gname = "", ""
		hdr.ModTime, hdr.AccessTime, hdr.ChangeTime = time.Unix(0, 0), time.Time{}, time.Time{}
		hdr.Format = tar.FormatPAX
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			_, err = io.Copy(tw, f)
			f.Close()
			if err != nil {
				return err
			}
		}
	}
	return tw.Close()
}
