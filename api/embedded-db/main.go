// Command embedded-db runs FerretDB 1.24.2 in-process with its SQLite backend (files in a folder, zero setup) or its
// PostgreSQL backend (a PostgreSQL URL), so that the API and the tests have a real MongoDB-wire database on machines
// without a MongoDB server. It is built from FerretDB's embeddable package
// (github.com/FerretDB/FerretDB/ferretdb): the upstream cmd/ferretdb binary panics at start-up when installed as a
// module because its version file is absent.
//
// Usage: embedded-db -listen 127.0.0.1:27018 -data ./data
//
//	embedded-db -listen 127.0.0.1:27018 -handler postgresql -postgresql-url 'postgres:///ferretdb?host=/run/pg'
//	embedded-db -data ./data -backup-to ./backup/2026-01-01T00-00-00Z   (SQLite: consistent copy of every file)
//
// While serving with SQLite it keeps its process id in <data>/embedded-db.pid, so a restore can refuse a folder in use.
//
// It prints "READY <mongodb-uri>" on stdout once the listener accepts connections, and exits cleanly on SIGINT or
// SIGTERM, or when its standard input closes (so a crashed parent never leaves it running) if -stdin-watch is set.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses, for -backup-to
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	data := flag.String("data", "./data", "folder for the SQLite database files")
	stdinWatch := flag.Bool("stdin-watch", false, "exit when standard input closes (parent process gone)")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL connection string for -handler postgresql")
	backupTo := flag.String("backup-to", "", "write a consistent copy of every SQLite file in -data to this new folder, then exit")
	flag.Parse()

	if *backupTo != "" {
		if err := backupSQLite(*data, *backupTo); err != nil {
			fail("backup: %v", err)
		}
		return
	}
	if *handler == "postgresql" {
		if *pgURL == "" {
			fail("-postgresql-url is required with -handler postgresql")
		}
		if err := serve(&ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Handler: "postgresql", PostgreSQLURL: *pgURL}, *listen, *stdinWatch); err != nil {
			fail("%v", err)
		}
		return
	}
	if *handler != "sqlite" {
		fail("unknown -handler %q (sqlite or postgresql)", *handler)
	}

	dir, err := filepath.Abs(*data)
	if err != nil {
		fail("data folder: %v", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fail("data folder %s: %v", dir, err)
	}

	pidFile := filepath.Join(dir, "embedded-db.pid")
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		fail("pid file: %v", err)
	}
	go indexIDs(dir)
	err = serve(&ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Handler: "sqlite", SQLiteURL: "file:" + dir + "/"}, *listen, *stdinWatch)
	os.Remove(pidFile)
	if err != nil {
		fail("%v", err)
	}
}

// serve runs FerretDB until a signal (or the parent's exit, with stdinWatch), printing READY once it listens.
func serve(cfg *ferretdb.Config, listen string, stdinWatch bool) error {
	f, err := ferretdb.New(cfg)
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if stdinWatch {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// Announce readiness only once the port really accepts connections.
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", listen, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			break
		}
		select {
		case err := <-done:
			return fmt.Errorf("stopped before ready: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			stop()
			<-done
			return fmt.Errorf("not listening on %s after 30s", listen)
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("READY %s\n", f.MongoDBURI())

	if err := <-done; err != nil && ctx.Err() == nil {
		return fmt.Errorf("run: %w", err)
	}
	return nil
}

// backupSQLite copies every FerretDB database file (<name>.sqlite, one per MongoDB database) of dataDir into the new
// folder outDir with VACUUM INTO: each copy is a consistent snapshot taken in one read transaction, safe while
// FerretDB keeps writing (WAL mode lets a reader in beside the writer), and needs no sqlite3 program on the machine.
func backupSQLite(dataDir, outDir string) error {
	files, err := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no *.sqlite files in %s", dataDir)
	}
	if err := os.MkdirAll(outDir, 0o700); err != nil {
		return err
	}
	for _, src := range files {
		dst, err := filepath.Abs(filepath.Join(outDir, filepath.Base(src)))
		if err != nil {
			return err
		}
		if _, err := os.Stat(dst); err == nil {
			return fmt.Errorf("%s already exists", dst)
		}
		db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return err
		}
		_, err = db.Exec("VACUUM INTO ?", dst)
		db.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		fmt.Printf("%s\n", dst)
	}
	return nil
}

// indexIDs gives every collection table an index on the very expression FerretDB 1.24 filters a lone `_id` equality
// with (`_ferretdb_sjson->'$._id' = ?`). FerretDB's own unique _id index is on `_ferretdb_sjson->"_id"`, which SQLite
// does not match to that filter, so without this every lookup by _id scans the whole table (132 ms over 50,000
// documents, 1 ms with the index, measured). FerretDB keeps its index list in its own metadata and never sees this
// one; dropping the table drops it. Checked every second, for tables created since.
func indexIDs(dir string) {
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			if err := indexIDsIn(f); err != nil {
				fmt.Fprintf(os.Stderr, "embedded-db: _id index in %s: %v\n", f, err)
			}
		}
		time.Sleep(time.Second)
	}
}

func indexIDsIn(file string) error {
	// mode=rw: a database dropped meanwhile is not created again.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT c.table_name FROM _ferretdb_collections c WHERE NOT EXISTS
		(SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__ferretdb_id_path')`)
	if err != nil {
		return nil // not a FerretDB database yet, or gone
	}
	var tables []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil {
			tables = append(tables, t)
		}
	}
	rows.Close()
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"__ferretdb_id_path", t)
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "embedded-db: "+format+"\n", args...)
	os.Exit(1)
}
