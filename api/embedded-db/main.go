// Command embedded-db runs FerretDB 1.24.2 with its SQLite backend in-process, so that the API and the tests have a
// real MongoDB-wire database on machines without a MongoDB server. It is built from FerretDB's embeddable package
// (github.com/FerretDB/FerretDB/ferretdb): the upstream cmd/ferretdb binary panics at start-up when installed as a
// module because its version file is absent.
//
// Usage: embedded-db -listen 127.0.0.1:27018 -data ./data
//
// It prints "READY <mongodb-uri>" on stdout once the listener accepts connections, and exits cleanly on SIGINT or
// SIGTERM, or when its standard input closes (so a crashed parent never leaves it running) if -stdin-watch is set.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	data := flag.String("data", "./data", "folder for the SQLite database files")
	stdinWatch := flag.Bool("stdin-watch", false, "exit when standard input closes (parent process gone)")
	flag.Parse()

	dir, err := filepath.Abs(*data)
	if err != nil {
		fail("data folder: %v", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fail("data folder %s: %v", dir, err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		fail("start: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *stdinWatch {
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
		conn, err := net.DialTimeout("tcp", *listen, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			break
		}
		select {
		case err := <-done:
			fail("stopped before ready: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			fail("not listening on %s after 30s", *listen)
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("READY %s\n", f.MongoDBURI())

	if err := <-done; err != nil && ctx.Err() == nil {
		fail("run: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "embedded-db: "+format+"\n", args...)
	os.Exit(1)
}
